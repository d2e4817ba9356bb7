/**
 * The pieces the real-GPU convolutions share: the workgroup-memory declarations, the thread ->
 * micro-tile mapping, and the staging of one chunk of input channels (a zero-padded input patch,
 * activated once per element, and the matching weights as vec4 over 4 output channels).
 */
import { OPAQUE, rolled, tensor, u32 } from '../../wgsl.js';

export interface StagedShape {
  readonly tco: number;
  readonly ph: number;
  readonly pw: number;
  /** Input channels per stage, all K-slices together (cc / ks each). */
  readonly cc: number;
  /** Invocations per K-slice: (tco / 4) x (ph x pw / 4). */
  readonly base: number;
  /**
   * K-slices: ks groups of `base` invocations split each stage's channels between them and
   * add their partial tiles at the end (in a fixed order, so results are deterministic). This
   * is how a batch-1 layer with few output tiles still gets enough threads.
   */
  readonly ks: number;
  /** base x ks. */
  readonly threads: number;
}

/**
 * `xs` (input patches, f32), `ws` (weights, vec4 over 4 output channels) and, with K-slices,
 * `red` (the partial tiles of slices 1..ks-1).
 */
export function sharedDecls(t: StagedShape, xsLen: number, wsLen: number): string {
  const lines = [
    `var<workgroup> xs: array<f32, ${xsLen}>;`,
    `var<workgroup> ws: array<vec4<f32>, ${wsLen}>;`,
  ];
  if (t.ks > 1) lines.push(`var<workgroup> red: array<vec4<f32>, ${redLen(t)}>;`);
  return lines.join('\n');
}

/** vec4s of `red`: 4 per invocation of slices 1..ks-1. */
export const redLen = (t: Pick<StagedShape, 'ks' | 'base'>) => (t.ks - 1) * t.base * 4;

/**
 * After the last stage: slices 1..ks-1 hand their accumulators to slice 0, which adds them in
 * slice order. The epilogue then runs in slice 0 only (`kslice == 0u`).
 */
export function reduceSlices(t: StagedShape): string {
  if (t.ks === 1) return '';
  const add: string[] = [];
  for (let s = 1; s < t.ks; s++) {
    add.push(`    { let r = ${u32((s - 1) * t.base * 4)} + l * 4u;`);
    for (let j = 0; j < 4; j++) add.push(`      acc${j} += red[r + ${u32(j)}];`);
    add.push('    }');
  }
  return `  if (kslice > 0u) {
    let r = ${tensor('red', [t.ks - 1, t.base, 4]).index('kslice - 1u', 'l', 0)};
    red[r] = acc0;
    red[r + 1u] = acc1;
    red[r + 2u] = acc2;
    red[r + 3u] = acc3;
  }
  workgroupBarrier();
  if (kslice == 0u) {
${add.join('\n')}
  }`;
}

/**
 * Entry point over a [pixel tiles, channel tiles, batch] grid. Defines b, co0, oy0, ox0 (the
 * workgroup's tile), kslice and l (the invocation's K-slice and index in it), co4 (its channel
 * quad), ly, lx (its row and first column in the tile), four vec4 accumulators acc0..acc3 (one
 * per column), and `opaque`.
 */
export function stagedMain(t: StagedShape, tilesX: number, body: string): string {
  const tco4 = t.tco / 4;
  const slice =
    t.ks > 1
      ? `  let l = lid % ${u32(t.base)};
  let kslice = lid / ${u32(t.base)};`
      : `  let l = lid;
  let kslice = 0u;`;
  return `@compute @workgroup_size(${t.threads})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let b = wid.z;
  let co0 = wid.y * ${u32(t.tco)};
  let oy0 = (wid.x / ${u32(tilesX)}) * ${u32(t.ph)};
  let ox0 = (wid.x % ${u32(tilesX)}) * ${u32(t.pw)};
${slice}
  let co4 = l % ${u32(tco4)};
  let ly = (l / ${u32(tco4)}) / ${u32(t.pw / 4)};
  let lx = ((l / ${u32(tco4)}) % ${u32(t.pw / 4)}) * 4u;
  // Bounds the loops that stay rolled (wgsl.ts: rolled): lavapipe and SwiftShader compile
  // unrolled loops slowly. Uniform, as barriers need.
${OPAQUE}
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
${body}
}`;
}

export interface PatchLoad {
  /** Patch size, in input rows and columns. */
  readonly rows: number;
  readonly cols: number;
  /** WGSL i32 expressions: the input row and column of the patch's corner. */
  readonly iy0: string;
  readonly ix0: string;
  readonly h: number;
  readonly w: number;
  /** Channels of this source; chunks past it are staged as zeros. */
  readonly channels: number;
  /** WGSL: the element of channel `ci` (u32) at flat position `p` (u32). */
  read(ci: string, p: string): string;
  /** WGSL applied to `v` (in bounds only: zero padding stays zero), or '' for none. */
  activate?(ci: string): string;
}

/** Stage channels c0 .. c0 + cc of an input patch into xs[cc][rows][cols]. */
export function stagePatch(t: StagedShape, p: PatchLoad): string {
  const size = t.cc * p.rows * p.cols;
  const conds = [`iy >= 0`, `iy < ${p.h}`, `ix >= 0`, `ix < ${p.w}`];
  if (p.channels % t.cc !== 0) conds.unshift(`ci < ${u32(p.channels)}`);
  const act = p.activate?.('ci');
  return `    for (var e = lid; e < ${u32(size)}; e += ${u32(t.threads)}) {
      let ci = c0 + e / ${u32(p.rows * p.cols)};
      let rem = e % ${u32(p.rows * p.cols)};
      let iy = ${p.iy0} + i32(rem / ${u32(p.cols)});
      let ix = ${p.ix0} + i32(rem % ${u32(p.cols)});
      var v = 0.0;
      if (${conds.join(' && ')}) {
        v = ${p.read('ci', tensor('', [p.h, p.w]).index('u32(iy)', 'u32(ix)'))};${act ? `\n        ${act}` : ''}
      }
      xs[e] = v;
    }`;
}

/**
 * Stage the weights of channels c0 .. c0 + cc as ws[c][tap][quad] (vec4 over output channels
 * co0 + 4 quad ..): `at(co, c, tap)` is the params index of element (co, c, tap) (a tensor view
 * of the weight), `coStride` the elements between two output channels' weights. Reads run
 * along taps (and channels, where contiguous), so a warp's loads coalesce.
 */
export function stageWeights(
  t: StagedShape,
  o: {
    readonly taps: number;
    readonly at: (co: string, c: string, tap: string) => string;
    readonly coStride: number;
    readonly channels: number;
    readonly cout: number;
  },
): string {
  const per = t.cc * o.taps;
  const size = per * (t.tco / 4);
  const coGuard = o.cout % t.tco !== 0;
  const lanes = [0, 1, 2, 3].map((j) => {
    const read = `params[wa + ${u32(j * o.coStride)}]`;
    return coGuard ? `select(0.0, ${read}, co + ${u32(j)} < ${u32(o.cout)})` : read;
  });
  const cGuard = o.channels % t.cc !== 0;
  return `    for (var e = lid; e < ${u32(size)}; e += ${u32(t.threads)}) {
      let q = e / ${u32(per)};
      let rem = e % ${u32(per)};
      let co = co0 + q * 4u;
      let wa = ${o.at(`min(co, ${u32(o.cout - 1)})`, `c0 + rem / ${u32(o.taps)}`, `rem % ${u32(o.taps)}`)};
      var wv = vec4<f32>(0.0);
      ${cGuard ? `if (c0 + rem / ${u32(o.taps)} < ${u32(o.channels)}) ` : ''}{
        wv = vec4<f32>(${lanes.join(', ')});
      }
      ws[rem * ${u32(t.tco / 4)} + q] = wv;
    }`;
}

/**
 * The epilogue's walk over an invocation's 4 columns, as a loop (bound `rolled`): `ox` and
 * `a` (the column's vec4 accumulator over 4 channels, picked by selects) are in scope for the
 * `store` lines. Unrolled it is 16 stores, which cost lavapipe a third of such a kernel's
 * compile (scripts/bench/compile-lab.ts); as a loop, a GPU pays three selects per column.
 */
export function columnLoop(guard: string | undefined, store: readonly string[]): string[] {
  return [
    `  for (var j = 0u; j < ${rolled(4)}; j++) {`,
    '    let ox = ox0 + lx + j;',
    '    let a = select(select(select(acc0, acc1, j == 1u), acc2, j == 2u), acc3, j == 3u);',
    ...(guard ? [`    if (${guard}) {`, ...store.map((l) => `  ${l}`), '    }'] : store),
    '  }',
  ];
}
