/**
 * What each `kiln` command accepts: its arguments, flags and help. Kept apart from the commands'
 * code (src/commands/<name>.ts), which src/cli.ts loads only for the command that runs, so that
 * `kiln --help`, a bad flag or an unknown command answer without loading the compiler.
 */
import { DEFAULT_STEPS } from '../../runtime/sampling/index.js';
import type { CommandDef } from '../args.js';

export const compileCommand: CommandDef = {
  name: 'compile',
  args: ['<spec.json>'],
  summary:
    'Compile a spec into a bundle directory: WGSL kernels, a generated runner, a manifest and the weights.',
  flags: [
    {
      name: 'out',
      value: '<dir>',
      help: 'bundle directory to write (replaced if it is a kiln bundle)',
      default: 'out/<spec name>',
    },
    {
      name: 'weights',
      value: '<w.safetensors>',
      help: "weights named as the reference model's state_dict(); checked by name and shape",
    },
    {
      name: 'seed',
      value: '<n>',
      help: 'seed for generated weights when --weights is absent (PyTorch-style init)',
      default: '0',
    },
    {
      name: 'batch',
      value: '<n>',
      help: "override the spec's input.batch (the batch a bundle runs and samples)",
    },
    {
      name: 'guidance',
      value: '<w>',
      help: 'class-conditional specs: the guidance scale kiln sample uses by default',
      default: '`guidance` of <weights>.recipe.json beside --weights, else 1',
    },
    {
      name: 'target',
      value: '<cpu|gpu>',
      help: 'build only the kernels for a software adapter (lavapipe, SwiftShader) or for a real GPU',
      default: 'both, picked at load from the adapter',
    },
    {
      name: 'precision',
      value: '<f32|f16>',
      help: 'how the bundle stores its weights: f16 halves the file, kept f16 on the GPU where the adapter has shader-f16 (f32 arithmetic), widened to f32 at load where not',
      default: 'f32',
    },
    {
      name: 'no-fuse',
      help: 'skip the fusion passes: one plain kernel per op (for ablation and testing)',
    },
    {
      name: 'dump-ir',
      value: '<dir>',
      help: 'write the IR after each pass as <dir>/NN-<pass>.ir (also KILN_DUMP_IR=<dir>)',
    },
    { name: 'quiet', help: 'print nothing on success' },
    { name: 'help', help: 'show this help' },
  ],
};

export const runCommand: CommandDef = {
  name: 'run',
  args: ['<bundle-dir>'],
  summary:
    "Run forward passes of a compiled bundle on the WebGPU adapter (Dawn), through the bundle's own model.mjs load().",
  flags: [
    {
      name: 'input',
      value: '<in.safetensors>',
      help: 'input tensors: x (F32 [B,C,H,W]) and t (F32 [B], timesteps)',
    },
    {
      name: 'random-input',
      help: 'instead of --input: x ~ N(0,1), t uniform in [0,1000) (see --seed)',
    },
    { name: 'seed', value: '<n>', help: 'seed for --random-input', default: '0' },
    {
      name: 'output',
      value: '<out.safetensors>',
      help: 'where to write tensor out (F32 [B,outChannels,H,W])',
    },
    {
      name: 'iters',
      value: '<n>',
      help: 'run the forward pass n times and report the median time',
      default: '1',
    },
    {
      name: 'variant',
      value: '<cpu|gpu>',
      help: 'kernel variant to run (default: picked from the adapter, cpu for software adapters)',
    },
    { name: 'quiet', help: 'print nothing on success' },
    { name: 'help', help: 'show this help' },
  ],
  details:
    'Pipelines are compiled at load (reported apart); with --iters > 1 the median excludes the first pass.',
};

export const sampleCommand: CommandDef = {
  name: 'sample',
  args: ['<bundle-dir>'],
  summary:
    'Generate images with a compiled bundle: a diffusion sampler run on the GPU, one image per batch item.',
  flags: [
    { name: 'sampler', value: '<ddim|ddpm|dpmpp2m>', help: 'the sampler', default: 'ddim' },
    {
      name: 'steps',
      value: '<n>',
      help: 'sampling steps, 1 to 1000',
      default: `${DEFAULT_STEPS.ddim} for ddim, ${DEFAULT_STEPS.ddpm} for ddpm, ${DEFAULT_STEPS.dpmpp2m} for dpmpp2m`,
    },
    {
      name: 'seed',
      value: '<n>',
      help: 'seed of the noise (x_T and per-step noise)',
      default: '0',
    },
    {
      name: 'eta',
      value: '<e>',
      help: 'DDIM only: 0 is deterministic DDIM, 1 adds DDPM-like noise',
      default: '0',
    },
    {
      name: 'count',
      value: '<n>',
      help: "images to make, 1 to the bundle's batch: the first n of a full run, at about n/batch of its cost",
      default: "the bundle's batch",
    },
    { name: 'out', value: '<grid.png>', help: 'PNG grid of the samples', default: 'samples.png' },
    { name: 'scale', value: '<n>', help: 'pixel scale of the PNG grid(s)', default: '1' },
    {
      name: 'frames',
      value: '<dir>',
      help: 'also write the denoising sequence: <dir>/step-NNNN.png, the grid of x after each step',
    },
    {
      name: 'noise',
      value: '<in.safetensors>',
      help: 'start from this x_T (tensor x, F32 [B,C,H,W]) instead of the seeded noise',
    },
    {
      name: 'context',
      value: '<in.safetensors>',
      help: "a conditional U-Net's context (tensor context, F32 [B,S,D]): required by a bundle with a context input",
    },
    {
      name: 'tensor-out',
      value: '<out.safetensors>',
      help: 'also write the final samples as tensor out, F32 [B,C,H,W], model space [-1, 1]',
    },
    {
      name: 'label',
      value: '<k|k,k,...>',
      help: 'class-conditional bundles: the class of every image, or one per image; guided sampling',
    },
    {
      name: 'guidance',
      value: '<w>',
      help: 'classifier-free guidance scale w >= 0: eps_u + w (eps_c - eps_u)',
      default:
        "the bundle's (its training recipe, or kiln compile --guidance); 7.5 with --negative-context",
    },
    {
      name: 'guide',
      value: '<batched|twice>',
      help: 'cond and uncond in one forward (batch/2 images) or two forwards per step (batch images)',
      default: 'batched for an even batch',
    },
    { name: 'columns', value: '<n>', help: 'columns of the PNG grid', default: 'near-square' },
    {
      name: 'negative-context',
      value: '<ctx.safetensors>',
      help: "models with a context input: the unconditional pass's context (tensor context, F32 [B,S,D] or [1,S,D]); turns on classifier-free guidance (default --guidance 7.5)",
    },
    { name: 'quiet', help: 'print nothing on success' },
    { name: 'help', help: 'show this help' },
  ],
  details: [
    "The batch is the bundle's (kiln compile --batch N sets it); --count makes fewer. Schedules follow diffusers' defaults:",
    'T = 1000, linear betas 1e-4..0.02, epsilon prediction; DDPM and DDIM use "leading" timesteps and',
    'clip x0 to [-1, 1] (DDPM fixed_small variance; DDIM set_alpha_to_one); DPM-Solver++(2M) uses',
    '"linspace" timesteps, midpoint, lower-order final step. A seed gives the same images every run.',
  ].join('\n'),
};

export const inspectCommand: CommandDef = {
  name: 'inspect',
  args: ['<spec.json>'],
  summary:
    "Show what a spec compiles to: the IR as text (as built and after the passes), parameters, FLOPs, activation memory, the kernels with their dispatch sizes (cpu variant), and the size of the bundle's model.mjs.",
  flags: [
    { name: 'json', help: 'print one JSON object instead of text' },
    { name: 'help', help: 'show this help' },
  ],
};

export const weightsCommand: CommandDef = {
  name: 'weights',
  args: ['<spec.json>'],
  summary:
    "List the weights a spec expects: every tensor's name and shape, in state_dict() order (what --weights must hold).",
  flags: [
    { name: 'json', help: 'print one JSON object instead of text' },
    { name: 'help', help: 'show this help' },
  ],
  details:
    "For the seed preset (`unet`) the names are the reference model's state_dict(); for the general form (`blocks`)\nthey follow the naming rule in README.md and are exactly the state_dict() of `kiln emit-torch`'s Model; for the\ndiffusers form (kiln import) they are diffusers' own state_dict() for the config.",
};

export const initCommand: CommandDef = {
  name: 'init',
  args: ['<spec.json>'],
  summary:
    'Write deterministic weights for a spec, initialised as PyTorch initialises each module, as .safetensors.',
  flags: [
    { name: 'out', value: '<w.safetensors>', help: 'file to write (required)' },
    {
      name: 'seed',
      value: '<n>',
      help: 'seed; the same seed gives the same file (and the weights `kiln compile --seed` uses)',
      default: '0',
    },
    { name: 'quiet', help: 'print nothing on success' },
    { name: 'help', help: 'show this help' },
  ],
  details:
    "Convolutions and linears: weights and biases uniform in +-1/sqrt(fan_in) (Kaiming-uniform with a = sqrt(5), as\nPyTorch); GroupNorm: weight 1, bias 0. Tensors are F32, named and ordered as `kiln weights` lists them, so the\nfile loads into `kiln emit-torch`'s Model with load_state_dict(strict=True).",
};

export const importCommand: CommandDef = {
  name: 'import',
  args: ['<config.json>'],
  summary:
    'Write a Kiln spec (the diffusers form) from a diffusers UNet2DModel or UNet2DConditionModel config.json.',
  flags: [
    {
      name: 'out',
      value: '<spec.json>',
      help: 'file to write',
      default: 'print the spec to stdout',
    },
    {
      name: 'batch',
      value: '<n>',
      help: 'batch size of the spec (input.batch), 1 to 64',
      default: '1',
    },
    {
      name: 'context-length',
      value: '<S>',
      help: 'tokens S of the context [B,S,D] (encoder_hidden_states), for UNet2DConditionModel',
      default: '77',
    },
    {
      name: 'name',
      value: '<name>',
      help: "the spec's name",
      default: "the config's folder (a pipeline's, for <pipeline>/unet/config.json)",
    },
    { name: 'quiet', help: 'print nothing on success' },
    { name: 'help', help: 'show this help' },
  ],
  details: [
    "Height and width are sample_size. Every key of the config is read, with diffusers' default for each key it",
    'leaves out; a value Kiln does not build (time_embedding_type "fourier", addition_embed_type, KDownBlock2D, ...)',
    'is refused with one line naming the key and the value, and nothing is written. `kiln emit-torch spec.json` then',
    "writes the PyTorch reference, whose state_dict() is diffusers' for the config.",
  ].join('\n'),
};

export const emitTorchCommand: CommandDef = {
  name: 'emit-torch',
  args: ['<spec.json>'],
  summary:
    'Print a standalone PyTorch file for a spec: class Model(nn.Module), Model(), forward(x, t), state_dict() as the bundle loads it.',
  flags: [{ name: 'help', help: 'show this help' }],
  details:
    'Usage: kiln emit-torch spec.json > model.py. Needs only torch. Train it, save its state_dict() as .safetensors,\nand `kiln compile spec.json --weights` deploys it unchanged.\n' +
    "For a spec in the diffusers form (kiln import), Model's state_dict() is diffusers' for that config and\nforward(x, t, context=None, label=None) computes what diffusers' forward does, in Kiln's own code.",
};

export const benchCommand: CommandDef = {
  name: 'bench',
  args: ['<bundle-dir>'],
  summary:
    'Time forward passes of a compiled bundle (inputs upload, all dispatches, output readback) on the WebGPU adapter.',
  flags: [
    {
      name: 'iters',
      value: '<n>',
      help: 'timed forward passes; the median is reported (use >= 5 for numbers you quote)',
      default: '7',
    },
    {
      name: 'warmup',
      value: '<n>',
      help: 'untimed forward passes first (the first includes shader compilation)',
      default: '2',
    },
    {
      name: 'seed',
      value: '<n>',
      help: 'seed for the random inputs: x ~ N(0,1), t uniform in [0,1000)',
      default: '0',
    },
    {
      name: 'cold-cache',
      help: 'measure the first forward with an empty shader cache (Mesa: a fresh MESA_SHADER_CACHE_DIR)',
    },
    {
      name: 'profile',
      help: 'also time every dispatch (GPU timestamps where the adapter has timestamp-query, else replayed alone from the CPU) and total them per kernel family',
    },
    { name: 'json', help: 'print one JSON line: {"adapter", "msPerForward", "dispatches", ...}' },
    { name: 'help', help: 'show this help' },
  ],
  details:
    'GFLOP/s is reported when the bundle has its spec.json (FLOPs as in kiln inspect: 2 per multiply-add in the convolutions, linears and attention).\n' +
    'Progress goes to stderr; the result (a table, or the JSON line) to stdout.',
};

export const serveCommand: CommandDef = {
  name: 'serve',
  args: ['<dir>'],
  summary:
    'Serve a bundle, or a folder of bundles and your pages, on 127.0.0.1 for a browser: open the printed URL for the demo page (index.html), or import model.mjs from it.',
  flags: [
    {
      name: 'port',
      value: '<n>',
      help: 'port on 127.0.0.1 (0: any free port)',
      default: '8080',
    },
    { name: 'help', help: 'show this help' },
  ],
  details:
    'A folder that is not a bundle is served whole when bundles lie in its folders (site/index.html beside site/digits/): keep pages beside a bundle, never inside it, and kiln compile can always replace the bundle. Only 127.0.0.1 is served, never other interfaces. Stop with Ctrl-C.',
};
