/**
 * The pieces the real-GPU convolutions share: the workgroup-memory declarations, the thread ->
 * micro-tile mapping, and the staging of one chunk of input channels (a zero-padded input patch,
 * activated once per element, and the matching weights as vec4 over 4 output channels).
 */
import { u32 } from '../../wgsl.js';

export interface StagedShape {
  readonly tco: number;
  readonly ph: number;
  readonly pw: number;
  /** Input channels per stage. */
  readonly cc: number;
  readonly threads: number;
}

/** `xs` (input patches, f32) and `ws` (weights, vec4 over 4 output channels). */
export function sharedDecls(xsLen: number, wsLen: number): string {
  return `var<workgroup> xs: array<f32, ${xsLen}>;
var<workgroup> ws: array<vec4<f32>, ${wsLen}>;`;
}

/**
 * Entry point over a [pixel tiles, channel tiles, batch] grid. Defines b, co0, oy0, ox0 (the
 * workgroup's tile), co4 (the invocation's channel quad), ly, lx (its row and first column in
 * the tile), four vec4 accumulators acc0..acc3 (one per column), and `opaque`.
 */
export function stagedMain(t: StagedShape, tilesX: number, body: string): string {
  const tco4 = t.tco / 4;
  return `@compute @workgroup_size(${t.threads})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let b = wid.z;
  let co0 = wid.y * ${u32(t.tco)};
  let oy0 = (wid.x / ${u32(tilesX)}) * ${u32(t.ph)};
  let ox0 = (wid.x % ${u32(tilesX)}) * ${u32(t.pw)};
  let co4 = lid % ${u32(tco4)};
  let ly = (lid / ${u32(tco4)}) / ${u32(t.pw / 4)};
  let lx = ((lid / ${u32(tco4)}) % ${u32(t.pw / 4)}) * 4u;
  // Always 0, but unknown to the shader compiler: keeps the channel-chunk loop rolled (lavapipe
  // and SwiftShader compile whole unrolled loops slowly), and it is uniform, as barriers need.
  let opaque = nwg.z >> 31u;
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
        v = ${p.read('ci', `u32(iy) * ${u32(p.w)} + u32(ix)`)};${act ? `\n        ${act}` : ''}
      }
      xs[e] = v;
    }`;
}

/**
 * Stage the weights of channels c0 .. c0 + cc as ws[c][tap][quad] (vec4 over output channels
 * co0 + 4 quad ..): element (co, c, tap) sits at `base + co * coStride + (c0 + c) * cStride +
 * tap` in params. Reads run along taps (and channels, where contiguous), so a warp's loads
 * coalesce.
 */
export function stageWeights(
  t: StagedShape,
  o: {
    readonly taps: number;
    readonly base: string;
    readonly coStride: number;
    readonly cStride: number;
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
      let wa = ${o.base} + min(co, ${u32(o.cout - 1)}) * ${u32(o.coStride)} + (c0 + rem / ${u32(o.taps)}) * ${u32(o.cStride)} + rem % ${u32(o.taps)};
      var wv = vec4<f32>(0.0);
      ${cGuard ? `if (c0 + rem / ${u32(o.taps)} < ${u32(o.channels)}) ` : ''}{
        wv = vec4<f32>(${lanes.join(', ')});
      }
      ws[rem * ${u32(t.tco / 4)} + q] = wv;
    }`;
}
