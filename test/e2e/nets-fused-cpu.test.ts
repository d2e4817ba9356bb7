import { describe } from 'vitest';
import { kilnCliRoundTrip, netsMatchPyTorch } from './nets.js';

describe('whole U-Nets match PyTorch (fused, cpu kernels)', () => netsMatchPyTorch(true, 'cpu'));
describe('the kiln CLI', () => kilnCliRoundTrip());
