import { describe } from 'vitest';
import { netsMatchPyTorch } from './nets.js';

describe('whole U-Nets match PyTorch (unfused, cpu kernels)', () => netsMatchPyTorch(false, 'cpu'));
