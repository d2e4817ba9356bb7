/**
 * The lavapipe conv lab: one 3x3 stride-1 conv, written several ways, each timed alone on the
 * adapter and checked against a CPU reference. It is how the software-adapter kernel was chosen
 * (BENCHMARKS.md, "Why convolutions are load-bound on lavapipe"): the ablations remove the input
 * or weight loads from the inner loop while keeping its FMAs, so the table shows what the loads
 * cost next to the arithmetic.
 *
 *   npx tsx scripts/bench/conv-lab.ts [--shape N,Cin,H,W,Cout] [--iters N] [--only <regex>]
 *
 * Variants, lanes over positions (tile: output channels x columns per invocation):
 *   scalar-silu    the first kernel: scalar loads with per-tap bounds checks and the
 *                  GroupNorm affine + SiLU applied at every tap (4x8)
 *   scalar         the same without the activation
 *   vec4           a padded, pre-activated input read as vec4, weights repacked as vec4 over 4
 *                  output channels, no bounds checks (4x8)
 *   vec4 4x4, 8x8  other tiles
 *   vec4 -in       ablation: the input loads replaced by values computed in registers
 *   vec4 -w        ablation: the weight loads replaced likewise
 *   vec4 -in -w    ablation: no loads at all in the inner loop
 *   tex-in         the input from an rgba32float texture (textureLoad) instead of a buffer
 *   vec4 wg8       workgroups of 8 invocations (one SIMD group on lavapipe)
 *   vec4 wg8 sub   the kernel shipped until 2026-11-27: lane l loads float l % 4 of each weight
 *                  vec4 and subgroupBroadcast shares them
 * Lanes over output channels (workgroups of 8 = 8 channels; tile: rows x columns per workgroup):
 *   lanes-co       every lane loads the same input vec4s (a workgroup-uniform address); the
 *                  weights per lane, scalar or `wvec` (one vec4 per kernel row, [Cout][Cin][12])
 *   -in, -w        ablations as above
 *   subin          lane l loads float l of each run of 8 input floats, subgroupBroadcast shares
 *                  them; `w8`: weights as [Cout/8][Cin][9][8], one float per lane per tap
 *   vq             lane l loads vec4 l of each run of 8 input vec4s of the whole window (all
 *                  rows): the idea of kernels/cpu/lane-conv2d.ts, here as written for the lab
 *                  (tiles and ablations), not the shipped code
 * The shipped kernel itself:
 *   shipped        the conv as the compiler lowers it for the cpu target today (its pad_activate
 *                  pass, then the lane conv), from compileGraph, not a copy: each dispatch timed
 *                  alone as `kiln bench --profile` does, the output checked like the variants'
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeBundleDir } from '../../compiler/emit/bundle.js';
import { compileGraph } from '../../compiler/index.js';
import { GraphBuilder } from '../../compiler/ir/graph.js';
import { stepLabels } from '../../runtime/format/manifest.js';
import { loadBundle, runBundle } from '../../src/host/bundle.js';
import { createGpu } from '../../src/host/device.js';
import { profileDispatches, recordDispatches } from '../../src/host/bench/profile.js';
import { median } from '../../src/host/bench/timing.js';
import { measurePeak } from './peak.js';

const { values } = parseArgs({
  options: {
    shape: { type: 'string', default: '1,128,32,32,128' },
    iters: { type: 'string', default: '7' },
    only: { type: 'string' },
  },
});
const [N, CIN, H, W, COUT] = values.shape.split(',').map(Number) as [
  number,
  number,
  number,
  number,
  number,
];
const ITERS = Number(values.iters);
if (
  ![N, CIN, H, W, COUT].every((v) => Number.isInteger(v) && v > 0) ||
  W % 8 !== 0 ||
  COUT % 8 !== 0
) {
  console.error('conv-lab: --shape N,Cin,H,W,Cout with W and Cout multiples of 8');
  process.exit(2);
}
const PH = H + 2;
const PW = W + 8; // 4 zero columns each side: rows start on a vec4
const FLOPS = 2 * N * COUT * H * W * CIN * 9;

function random(n: number, seed: number): Float32Array<ArrayBuffer> {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 32 - 0.5;
  }
  return a;
}
const x = random(N * CIN * H * W, 1);
const w = random(COUT * CIN * 9, 2);
const bias = random(COUT, 3);
const wp = new Float32Array(COUT * CIN * 12); // [Cout][Cin][12]: 9 taps padded to 3 vec4
for (let r = 0; r < COUT * CIN; r++) for (let t = 0; t < 9; t++) wp[r * 12 + t] = w[r * 9 + t]!;
const w8 = new Float32Array(COUT * CIN * 9); // [Cout/8][Cin][9][8]
for (let co = 0; co < COUT; co++)
  for (let r = 0; r < CIN * 9; r++)
    w8[((co >> 3) * CIN * 9 + r) * 8 + (co & 7)] = w[co * CIN * 9 + r]!;
const xp = new Float32Array(N * CIN * PH * PW);
for (let p = 0; p < N * CIN; p++)
  for (let yy = 0; yy < H; yy++)
    for (let xx = 0; xx < W; xx++) xp[(p * PH + yy + 1) * PW + xx + 4] = x[(p * H + yy) * W + xx]!;
const wr = new Float32Array(COUT * CIN * 9); // [Cout/4][Cin][9][4]
for (let co = 0; co < COUT; co++)
  for (let r = 0; r < CIN * 9; r++)
    wr[((co >> 2) * CIN * 9 + r) * 4 + (co & 3)] = w[co * CIN * 9 + r]!;

function reference(b: number, co: number, oy: number, ox: number): number {
  let s = bias[co]!;
  for (let ci = 0; ci < CIN; ci++)
    for (let ky = 0; ky < 3; ky++)
      for (let kx = 0; kx < 3; kx++) {
        const iy = oy + ky - 1;
        const ix = ox + kx - 1;
        if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
        s += x[((b * CIN + ci) * H + iy) * W + ix]! * w[((co * CIN + ci) * 3 + ky) * 3 + kx]!;
      }
  return s;
}

/** max |out - reference| over 256 sampled outputs (edges included). */
function sampledError(out: Float32Array): number {
  let err = 0;
  for (let t = 0; t < 256; t++) {
    const [b, co, oy, ox] = [t % N, (t * 37) % COUT, (t * 13) % H, (t * 7 + (t & 1) * (W - 1)) % W];
    err = Math.max(
      err,
      Math.abs(out[((b * COUT + co) * H + oy) * W + ox]! - reference(b, co, oy, ox)),
    );
  }
  return err;
}

interface Variant {
  readonly name: string;
  readonly wgsl: string;
  readonly bindings: readonly (
    | 'x'
    | 'xp'
    | 'w'
    | 'wp'
    | 'w8'
    | 'wr'
    | 'bias'
    | 'dims'
    | 'y'
    | 'tex'
    | null
  )[];
  readonly grid: readonly [number, number, number];
  /** False for ablations and the activated kernel: their output is not the plain conv. */
  readonly exact: boolean;
}

const DIMS =
  'struct Dims { n: u32, cin: u32, h: u32, w: u32, cout: u32, ph: u32, pw: u32, z: u32 }';

function scalar(silu: boolean): Variant {
  const [tco, tx] = [4, 8];
  const total = N * (COUT / tco) * H * (W / tx);
  const b: string[] = [];
  for (let c = 0; c < tco; c++) for (let j = 0; j < tx; j++) b.push(`  var a${c}_${j} = 0.0;`);
  b.push('  for (var ci = 0u; ci < dims.cin; ci++) {');
  b.push('    let xBase = (b * dims.cin + ci) * dims.h * dims.w;');
  b.push('    for (var ky = 0u; ky < 3u + opaque; ky++) {');
  b.push('      let iy = i32(oy + ky) - 1;');
  b.push('      let rowOk = iy >= 0 && iy < i32(dims.h);');
  b.push('      let rowBase = xBase + u32(max(iy, 0)) * dims.w;');
  for (let j = 0; j < tx + 2; j++)
    b.push(
      `      var v${j} = 0.0; { let ix = ix0 + ${j}; if (rowOk && ix >= 0 && ix < i32(dims.w)) { let r = x[rowBase + u32(ix)]; v${j} = ${silu ? 'silu(fma(r, scale, shift))' : 'r'}; } }`,
    );
  b.push('      let wRow = co0 * dims.cin * 9u + ci * 9u + ky * 3u;');
  for (let kx = 0; kx < 3; kx++)
    for (let c = 0; c < tco; c++) {
      b.push(`      { let wv = w[wRow + dims.cin * 9u * ${c}u + ${kx}u];`);
      for (let j = 0; j < tx; j++) b.push(`        a${c}_${j} = fma(v${j + kx}, wv, a${c}_${j});`);
      b.push('      }');
    }
  b.push('    }', '  }');
  for (let c = 0; c < tco; c++)
    for (let j = 0; j < tx; j++)
      b.push(
        `  y[((b * dims.cout + co0 + ${c}u) * dims.h + oy) * dims.w + ox0 + ${j}u] = a${c}_${j} + bias[co0 + ${c}u];`,
      );
  const wgsl = `${DIMS}
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;
fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x;
  if (i >= ${total}u) { return; }
  let xTiles = dims.w / ${tx}u;
  let ox0 = (i % xTiles) * ${tx}u;
  let oy = (i / xTiles) % dims.h;
  let co0 = ((i / (xTiles * dims.h)) % (dims.cout / ${tco}u)) * ${tco}u;
  let b = i / (xTiles * dims.h * (dims.cout / ${tco}u));
  let ix0 = i32(ox0) - 1;
  let opaque = nwg.z >> 31u;
  let scale = f32(dims.z) + 1.0;
  let shift = f32(dims.z);
${b.join('\n')}
}`;
  return {
    name: silu ? 'scalar-silu 4x8' : 'scalar 4x8',
    wgsl,
    bindings: ['x', 'w', 'bias', 'dims', 'y'],
    grid: [Math.ceil(total / 64), 1, 1],
    exact: !silu,
  };
}

function vec4(
  tco: number,
  tx: number,
  opts: { noIn?: boolean; noW?: boolean; tex?: boolean; wg?: number; sub?: boolean } = {},
): Variant {
  const nv = tx / 4 + 2;
  const wg = opts.wg ?? 64;
  const b: string[] = [];
  if (opts.noIn) b.push(`  let xc = ${opts.tex ? 'vec4<f32>(0.0)' : 'xp[0]'};`);
  if (opts.noW) b.push('  let wc = wr[0];');
  for (let c = 0; c < tco; c++)
    for (let j = 0; j < tx / 4; j++) b.push(`  var a${c}_${j} = vec4<f32>(0.0);`);
  b.push('  for (var ci = 0u; ci < dims.cin; ci++) {');
  b.push('    let planeBase = (b * dims.cin + ci) * dims.ph;');
  b.push('    for (var ky = 0u; ky < 3u + opaque; ky++) {');
  b.push('      let row = (planeBase + oy + ky) * (dims.pw / 4u) + ox4;');
  for (let v = 0; v < nv; v++)
    b.push(
      opts.noIn
        ? `      let q${v} = xc + vec4<f32>(f32(row + ${v}u));`
        : opts.tex
          ? `      let q${v} = textureLoad(tex, vec2<i32>(i32(ox4) + ${v}, i32(planeBase + oy + ky)), 0);`
          : `      let q${v} = xp[row + ${v}u];`,
    );
  b.push('      let wb = ((co0 / 4u) * dims.cin + ci) * 9u + ky * 3u;');
  // Subgroup form: lane l loads float l % 4 of each weight vec4, subgroupBroadcast shares it.
  if (opts.sub)
    for (let kx = 0; kx < 3; kx++) b.push(`      let l${kx} = ws[(wb + ${kx}u) * 4u + (sl & 3u)];`);
  const el = (e: number) => `q${e >> 2}.${'xyzw'[e & 3]}`;
  for (let kx = 0; kx < 3; kx++) {
    for (let j = 0; j < tx / 4; j++)
      b.push(
        `      let in${kx}_${j} = vec4<f32>(${[0, 1, 2, 3].map((t) => el(4 * j + t + 3 + kx)).join(', ')});`,
      );
    for (let g = 0; g < tco / 4; g++) {
      const load = opts.sub
        ? `vec4<f32>(${[0, 1, 2, 3].map((c) => `subgroupBroadcast(l${kx}, ${c}u)`).join(', ')})`
        : `wr[wb + ${g}u * dims.cin * 9u + ${kx}u]`;
      b.push(`      { let wv = ${opts.noW ? `wc + vec4<f32>(f32(wb + ${g * 3 + kx}u))` : load};`);
      for (let c = 0; c < 4; c++)
        for (let j = 0; j < tx / 4; j++)
          b.push(
            `        a${g * 4 + c}_${j} = fma(in${kx}_${j}, vec4<f32>(wv.${'xyzw'[c]}), a${g * 4 + c}_${j});`,
          );
      b.push('      }');
    }
  }
  b.push('    }', '  }', `  if (wg.x * ${wg}u + li < lanes) {`);
  for (let c = 0; c < tco; c++)
    for (let j = 0; j < tx / 4; j++)
      b.push(
        `    y[((b * dims.cout + co0 + ${c}u) * dims.h + oy) * (dims.w / 4u) + ox4 + ${j}u] = a${c}_${j} + vec4<f32>(bias[co0 + ${c}u]);`,
      );
  b.push('  }');
  const input = opts.tex
    ? '@group(0) @binding(0) var tex: texture_2d<f32>;'
    : '@group(0) @binding(0) var<storage, read> xp: array<vec4<f32>>;';
  const wgsl = `${opts.sub ? 'enable subgroups;\n' : ''}${DIMS}
${opts.noIn && !opts.tex ? '@group(0) @binding(0) var<storage, read> xp: array<vec4<f32>>;' : input}
${opts.sub ? '@group(0) @binding(1) var<storage, read> ws: array<f32>;' : '@group(0) @binding(1) var<storage, read> wr: array<vec4<f32>>;'}
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;
@group(0) @binding(4) var<storage, read_write> y: array<vec4<f32>>;
@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32, @builtin(num_workgroups) nwg: vec3<u32>${opts.sub ? ', @builtin(subgroup_invocation_id) sl: u32' : ''}) {
  let lanes = dims.h * dims.w / ${tx}u;
  let p = min(wg.x * ${wg}u + li, lanes - 1u);
  let xTiles = dims.w / ${tx}u;
  let oy = p / xTiles;
  let ox4 = (p % xTiles) * ${tx / 4}u;
  let co0 = wg.y * ${tco}u;
  let b = wg.z;
  let opaque = nwg.z >> 31u;
${b.join('\n')}
}`;
  const tag = `${opts.tex ? 'tex-in' : 'vec4'} ${tco}x${tx}${opts.noIn ? ' -in' : ''}${opts.noW ? ' -w' : ''}${opts.wg ? ` wg${wg}` : ''}${opts.sub ? ' sub' : ''}`;
  return {
    name: tag,
    wgsl,
    bindings: [opts.tex ? 'tex' : 'xp', 'wr', 'bias', 'dims', 'y'],
    grid: [Math.ceil((H * W) / tx / wg), COUT / tco, N],
    exact: !opts.noIn && !opts.noW,
  };
}

/**
 * Lanes over output channels: a workgroup of 8 invocations is 8 output channels of one spatial
 * tile (rows x cols), so every input load has a workgroup-uniform address. llvmpipe turns a
 * uniform load into one scalar load and a broadcast, but a per-lane load into a loop over the
 * lanes with a bounds check per component; only the weights (9 per lane per input channel) stay
 * per-lane.
 */
function lanesCo(
  rows: number,
  cols: number,
  wvec: boolean,
  opts: { noIn?: boolean; noW?: boolean; subIn?: boolean; w8?: boolean; vq?: boolean } = {},
): Variant {
  const nv = Math.floor((cols - 1 + 2 + 3) / 4) + 1;
  const b: string[] = [];
  if (opts.noIn) b.push('  let xc = xp[0];');
  if (opts.noW) b.push('  let wc = wp[0];');
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) b.push(`  var a${i}_${j} = 0.0;`);
  b.push('  for (var ci = 0u; ci < dims.cin; ci++) {');
  b.push('    let planeBase = (b * dims.cin + ci) * dims.ph;');
  if (opts.w8) {
    b.push('    let wb = ((wg.y * dims.cin + ci) * 9u) * 8u + li;');
    for (let t = 0; t < 9; t++) b.push(`    let w${t} = w8[wb + ${t * 8}u];`);
  } else if (wvec) {
    b.push('    let wb = (co * dims.cin + ci) * 3u;');
    for (let v = 0; v < 3; v++)
      b.push(
        opts.noW
          ? `    let wq${v} = wc + vec4<f32>(f32(wb + ${v}u));`
          : `    let wq${v} = wp[wb + ${v}u];`,
      );
  } else {
    b.push('    let wb = (co * dims.cin + ci) * 9u;');
  }
  const wEl = (t: number) => (wvec && !opts.w8 ? `wq${t >> 2}.${'xyzw'[t & 3]}` : `w${t}`);
  if (!wvec && !opts.w8) for (let t = 0; t < 9; t++) b.push(`    let w${t} = w[wb + ${t}u];`);
  const inRows = rows + 2;
  const nq = Math.ceil((inRows * nv) / 8);
  if (opts.vq) {
    for (let gi = 0; gi < nq; gi++) {
      b.splice(
        b.indexOf('  for (var ci = 0u; ci < dims.cin; ci++) {'),
        0,
        `  let m${gi} = min(li + ${8 * gi}u, ${inRows * nv - 1}u);`,
        `  let off${gi} = (oy0 + m${gi} / ${nv}u) * (dims.pw / 4u) + ox4 + m${gi} % ${nv}u;`,
      );
    }
    b.push('    let pb = planeBase * (dims.pw / 4u);');
    for (let gi = 0; gi < nq; gi++) b.push(`    let v${gi} = xp[pb + off${gi}];`);
  }
  const vqEl = (r: number, e: number) => {
    const m = r * nv + (e >> 2);
    return `subgroupBroadcast(v${m >> 3}, ${m & 7}u).${'xyzw'[e & 3]}`;
  };
  const el = (e: number) =>
    opts.subIn ? `subgroupBroadcast(g${e >> 3}, ${e & 7}u)` : `q${e >> 2}.${'xyzw'[e & 3]}`;
  for (let r = 0; r < rows + 2; r++) {
    b.push('    {');
    b.push(`      let row = (planeBase + oy0 + ${r}u) * (dims.pw / 4u) + ox4;`);
    if (opts.vq) {
    } else if (opts.subIn) {
      b.push(`      let rf = ((planeBase + oy0 + ${r}u) * (dims.pw / 4u) + ox4) * 4u + li;`);
      for (let g = 0; g < nv / 2; g++) b.push(`      let g${g} = xf[rf + ${8 * g}u];`);
    } else
      for (let v = 0; v < nv; v++)
        b.push(
          opts.noIn
            ? `      let q${v} = xc + vec4<f32>(f32(row + ${v}u));`
            : `      let q${v} = xp[row + ${v}u];`,
        );
    for (let ky = 0; ky < 3; ky++) {
      const i = r - ky;
      if (i < 0 || i >= rows) continue;
      for (let kx = 0; kx < 3; kx++)
        for (let j = 0; j < cols; j++)
          b.push(
            `      a${i}_${j} = fma(${opts.vq ? vqEl(r, j + kx + 3) : el(j + kx + 3)}, ${wEl(ky * 3 + kx)}, a${i}_${j});`,
          );
    }
    b.push('    }');
  }
  b.push('  }', '  let bv = bias[co];');
  for (let i = 0; i < rows; i++)
    for (let j4 = 0; j4 < cols / 4; j4++)
      b.push(
        `  y[((b * dims.cout + co) * dims.h + oy0 + ${i}u) * (dims.w / 4u) + ox4 + ${j4}u] = vec4<f32>(${[0, 1, 2, 3].map((t) => `a${i}_${4 * j4 + t}`).join(', ')}) + vec4<f32>(bv);`,
      );
  const wgsl = `${opts.subIn || opts.vq ? 'enable subgroups;' : ''}${DIMS}
${opts.subIn ? '@group(0) @binding(0) var<storage, read> xf: array<f32>;' : '@group(0) @binding(0) var<storage, read> xp: array<vec4<f32>>;'}
${opts.w8 ? '@group(0) @binding(1) var<storage, read> w8: array<f32>;' : wvec ? '@group(0) @binding(1) var<storage, read> wp: array<vec4<f32>>;' : '@group(0) @binding(1) var<storage, read> w: array<f32>;'}
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;
@group(0) @binding(4) var<storage, read_write> y: array<vec4<f32>>;
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let xTiles = dims.w / ${cols}u;
  let oy0 = (wg.x / xTiles) * ${rows}u;
  let ox4 = (wg.x % xTiles) * ${cols / 4}u;
  let co = wg.y * 8u + li;
  let b = wg.z;
${b.join('\n')}
}`;
  return {
    name: `lanes-co ${rows}x${cols}${wvec ? ' wvec' : ''}${opts.subIn ? ' subin' : ''}${opts.vq ? ' vq' : ''}${opts.w8 ? ' w8' : ''}${opts.noIn ? ' -in' : ''}${opts.noW ? ' -w' : ''}`,
    wgsl,
    bindings: ['xp', opts.w8 ? 'w8' : wvec ? 'wp' : 'w', 'bias', 'dims', 'y'],
    grid: [(H / rows) * (W / cols), COUT / 8, N],
    exact: !opts.noIn && !opts.noW,
  };
}

const variants: Variant[] = [
  scalar(true),
  scalar(false),
  vec4(4, 8),
  vec4(4, 4),
  vec4(8, 8),
  vec4(4, 8, { noIn: true }),
  vec4(4, 8, { noW: true }),
  vec4(4, 8, { noIn: true, noW: true }),
  vec4(4, 8, { tex: true }),
  vec4(4, 8, { wg: 8 }),
  vec4(4, 8, { wg: 8, sub: true }),
  lanesCo(4, 8, true),
  lanesCo(4, 8, true, { noIn: true }),
  lanesCo(4, 8, true, { noW: true }),
  lanesCo(4, 8, true, { noIn: true, noW: true }),
  lanesCo(4, 8, false, { subIn: true }),
  lanesCo(4, 8, true, { subIn: true }),
  lanesCo(2, 16, true, { subIn: true }),
  lanesCo(4, 8, true, { subIn: true, w8: true }),
  lanesCo(2, 8, true, { vq: true }),
  lanesCo(4, 8, true, { vq: true }),
  lanesCo(2, 16, true, { vq: true }),
  lanesCo(4, 16, true, { vq: true }),
  lanesCo(1, 32, true, { vq: true }),
];
const only = values.only;
const onlyRe = only ? new RegExp(only) : undefined;

const gpu = await createGpu();
const device = gpu.device;
const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
const upload = (data: Float32Array<ArrayBuffer> | Uint32Array<ArrayBuffer>, usage = storage) => {
  const buf = device.createBuffer({ size: Math.max(16, data.byteLength), usage });
  device.queue.writeBuffer(buf, 0, data);
  return buf;
};
const tex = device.createTexture({
  size: [PW / 4, N * CIN * PH],
  format: 'rgba32float',
  usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST,
});
device.queue.writeTexture({ texture: tex }, xp, { bytesPerRow: PW * 4 }, [PW / 4, N * CIN * PH]);
const outBytes = N * COUT * H * W * 4;
const buffers = {
  x: upload(x),
  xp: upload(xp),
  w: upload(w),
  wr: upload(wr),
  wp: upload(wp),
  w8: upload(w8),
  bias: upload(bias),
  dims: upload(
    new Uint32Array([N, CIN, H, W, COUT, PH, PW, 0]),
    GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  ),
  y: device.createBuffer({ size: outBytes, usage: storage }),
};
const peak = await measurePeak(device);
console.log(`adapter ${gpu.adapter}`);
console.log(
  `conv 3x3 [${N},${CIN},${H},${W}] -> ${COUT} channels, ${(FLOPS / 1e9).toFixed(3)} GFLOP; FMA peak ${peak.gflops.toFixed(1)} GFLOP/s; median of ${ITERS}`,
);
console.log(
  `${'variant'.padEnd(20)} ${'ms'.padStart(8)} ${'GFLOP/s'.padStart(8)} ${'% peak'.padStart(7)} ${'1st dispatch ms'.padStart(16)}  max |err|`,
);
for (const v of variants.filter((v) => !onlyRe || onlyRe.test(v.name))) {
  const module = device.createShaderModule({ code: v.wgsl });
  const t0 = performance.now();
  const pipeline = await device.createComputePipelineAsync({
    layout: 'auto',
    compute: { module, entryPoint: 'main' },
  });
  const entries = v.bindings.flatMap((name, binding) =>
    name === null
      ? []
      : [{ binding, resource: name === 'tex' ? tex.createView() : { buffer: buffers[name] } }],
  );
  const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  const run = async () => {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(...v.grid);
    pass.end();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
  };
  await run();
  const first = performance.now() - t0;
  const read = device.createBuffer({
    size: outBytes,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(buffers.y, 0, read, 0, outBytes);
  device.queue.submit([enc.finish()]);
  await read.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(read.getMappedRange().slice(0));
  read.destroy();
  const err = sampledError(out);
  const times: number[] = [];
  for (let i = 0; i < ITERS; i++) {
    const a = performance.now();
    await run();
    times.push(performance.now() - a);
  }
  const ms = median(times);
  const gflops = FLOPS / ms / 1e6;
  console.log(
    `${v.name.padEnd(20)} ${ms.toFixed(1).padStart(8)} ${gflops.toFixed(2).padStart(8)} ${`${((100 * gflops) / peak.gflops).toFixed(1)}%`.padStart(7)} ${first.toFixed(0).padStart(16)}  ${v.exact ? err.toExponential(1) : '(not the conv)'}`,
  );
}
if (!onlyRe || onlyRe.test('shipped')) await shipped();
device.destroy();

/** The shipped cpu conv, from the compiler: one row per dispatch it lowers to. */
async function shipped(): Promise<void> {
  const g = new GraphBuilder('conv-lab');
  const operands = [g.input('x', [N, CIN, H, W]), g.param('weight', [COUT, CIN, 3, 3])];
  const conv = g.add(
    'conv2d',
    [...operands, g.param('bias', [COUT])],
    { kernel: 3, stride: 1, padding: 1 },
    'conv',
  );
  g.output('out', conv);
  const weights = new Map([
    ['weight', w],
    ['bias', bias],
  ]);
  const { files } = await compileGraph(g.build(), weights, 'conv-lab', {}, ['cpu']);
  const dir = mkdtempSync(join(tmpdir(), 'kiln-conv-lab-'));
  try {
    await writeBundleDir(join(dir, 'bundle'), files);
    const t0 = performance.now();
    const b = await loadBundle(join(dir, 'bundle'), { device, variant: 'cpu' });
    const first = performance.now() - t0; // pipelines compile in load
    const err = sampledError((await runBundle(b, new Map([['x', x]]))).out!);
    const labels = stepLabels(b.manifest, 'cpu');
    const profile = await profileDispatches(device, recordDispatches(b.model), labels, ITERS);
    for (const d of profile.dispatches) {
      const gflops = FLOPS / d.ms / 1e6;
      const conv = d.family.includes('conv');
      console.log(
        `${`shipped ${d.family}`.padEnd(20)} ${d.ms.toFixed(1).padStart(8)} ${conv ? gflops.toFixed(2).padStart(8) : ''.padStart(8)} ${conv ? `${((100 * gflops) / peak.gflops).toFixed(1)}%`.padStart(7) : ''.padStart(7)} ${first.toFixed(0).padStart(16)}  ${conv ? err.toExponential(1) : '(its input pass)'}`,
      );
    }
    b.model.destroy();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
