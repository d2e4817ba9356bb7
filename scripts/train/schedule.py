"""The noise schedule of diffusers' DDPMScheduler defaults: T = 1000, linear betas 1e-4..0.02."""
import torch

T = 1000


def alphas_cumprod(num_steps=T, beta_start=1e-4, beta_end=0.02):
    # float32 as in diffusers (torch.linspace(..., dtype=torch.float32), then cumprod).
    betas = torch.linspace(beta_start, beta_end, num_steps, dtype=torch.float32)
    return torch.cumprod(1.0 - betas, dim=0)
