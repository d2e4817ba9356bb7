import { describe } from 'vitest';
import { netsMatchPyTorch } from './nets.js';

describe('whole U-Nets match PyTorch (fused, gpu kernels)', () => netsMatchPyTorch(true, 'gpu'));
