import { describe } from 'vitest';
import { netsMatchPyTorch } from './nets.js';

// The gpu kernels are specialised to each layer's shape, and lavapipe takes 1-2 s to compile
// each one: a whole net costs 20-35 s of a cold test run. Two nets run here: tiny, and
// batch2_nonsquare, whose layers reach most of the kernels' edge paths (tiles overhanging rows
// and columns, K-slices, a concatenated input, every epilogue). The paths only four_levels and
// wide_heads reached (output channels not a multiple of the channel tile, batch 3, K-slices
// with that channel guard, a concat with its 1x1 shortcut) are op fixtures in
// test/kernels/ops.test.ts: resblock_odd, resblock_concat and conv_transpose_odd.
const GPU_NETS = ['tiny', 'batch2_nonsquare'];

describe('whole U-Nets match PyTorch (fused, gpu kernels)', () =>
  netsMatchPyTorch(true, 'gpu', GPU_NETS));
