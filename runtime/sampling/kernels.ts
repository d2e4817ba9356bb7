/**
 * The sampler's WGSL: Philox4x32-10 + Box-Muller noise (the twin of philox.ts) and one update
 * kernel that applies a step of any sampler from its coefficients (plan.ts). The coefficients
 * come per step from a uniform buffer bound at a dynamic offset, so a whole run encodes without
 * touching the CPU; so do the run's sizes (`numel`, `items`), so one pipeline serves any count.
 * Elements are indexed with the image outermost, so dispatching the groups that cover the
 * first `count` images runs a smaller batch (runtime/batch.ts); the noise of an element does
 * not depend on the batch, so image k is the same whatever the count.
 *
 * Classifier-free guidance, eps = eps_u + w (eps_c - eps_u), in one of two layouts (`Guide`),
 * for B = count images:
 * - 'batched': the forward runs 2B items: items 0..B-1 carry their labels, items B..2B-1 the
 *   null label, so one forward gives eps_c then eps_u. The update guides, steps the first half
 *   and copies the result into the second. B is at most N/2; the first 2B items are what a
 *   forward of `count` 2B runs, so the halves compose with batch at run time.
 * - 'twice': two forwards of B items per step. After the conditional one, `stash` keeps
 *   eps_c and sets every label to the null id (or copies the negative context over the
 *   context); after the unconditional one, the update guides and puts the labels (or the
 *   context) back.
 * The unconditional pass of a class-conditional model sees the null label; that of a model with
 * a `context` input sees the caller's negative context, item for item.
 */

/** How a guided run lays out its two passes (see above); 'none': unguided. */
export type Guide = 'none' | 'batched' | 'twice';

/** Bytes per step in the coefficient buffer: WebGPU's minimum uniform offset alignment. */
export const STEP_STRIDE = 256;
/** Bytes the kernel reads per step (16 words). */
export const STEP_BYTES = 64;
export const WORKGROUP = 64;

export const FLAG_CLIP = 1;
export const FLAG_KEEP_X0 = 2;
export const FLAG_NOISE = 4;

/** 'twice' copies contexts into the runner's, 4 values an invocation as it does the images. */
const copyContext = (from: 'cond' | 'negative') => `
  for (var j = 0u; j < 4u; j++) {
    let i = g * 4u + j;
    if (i < s.ctx_n) { ctx[i] = ctx_src[${from === 'cond' ? 'i' : 's.ctx_n + i'}]; }
  }`;

/** 'twice': the buffers that switch between the passes, and the kernel between them. */
function stashWgsl(nullLabel: number | undefined, context: boolean): string {
  const decls = [
    nullLabel !== undefined
      ? '@group(0) @binding(6) var<storage, read_write> label: array<i32>;'
      : '',
    '@group(0) @binding(7) var<storage, read_write> eps_c: array<f32>;',
    nullLabel !== undefined ? '@group(0) @binding(8) var<storage, read> cond: array<i32>;' : '',
    context ? '@group(0) @binding(9) var<storage, read_write> ctx: array<f32>;' : '',
    // The cond contexts, then the negative ones: one binding, as WebGPU's default limit allows
    // 8 storage buffers a stage.
    context ? '@group(0) @binding(10) var<storage, read> ctx_src: array<f32>;' : '',
  ].filter((l) => l !== '');
  const nullLabels =
    nullLabel !== undefined ? `\n  if (g < s.items) { label[g] = ${nullLabel}; }` : '';
  return `${decls.join('\n')}

// Between the two forwards of a step: keep eps_c, switch every item to its unconditional input.
@compute @workgroup_size(${WORKGROUP})
fn stash(@builtin(global_invocation_id) id: vec3<u32>) {
  let g = id.x;${nullLabels}${context ? copyContext('negative') : ''}
  for (var j = 0u; j < 4u; j++) {
    let i = g * 4u + j;
    if (i < s.numel) { eps_c[i] = eps[i]; }
  }
}
`;
}

/** What a guided layout switches between its two passes. */
export interface GuideInputs {
  /** The null class id of a class-conditional model (its `label` input). */
  readonly nullLabel?: number;
  /** The model has a `context` input: the unconditional pass reads the negative context. */
  readonly context?: boolean;
}

/**
 * The kernels of one layout. The sizes come per run in the step uniform: `numel`, values of the
 * images sampled (B x C x H x W), `items`, the items of the forward whose timesteps (and labels)
 * the update sets, and `ctx_n`, values of the B items' contexts ('twice' with a context).
 */
export function samplerWgsl(guide: Guide = 'none', inputs: GuideInputs = {}): string {
  const guided = guide !== 'none';
  const labels = guide === 'twice' && inputs.nullLabel !== undefined;
  const context = guide === 'twice' && inputs.context === true;
  // eps_c and eps_u of element i, where the layout keeps them.
  const [epsCond, epsUncond] =
    guide === 'batched'
      ? ['eps[i]', 'eps[i + s.numel]']
      : guide === 'twice'
        ? ['eps_c[i]', 'eps[i]']
        : ['', ''];
  return /* wgsl */ `
struct Step {
  sa: f32, sb: f32, cx0: f32, cx: f32,
  ceps: f32, cprev: f32, cnoise: f32, t_next: f32,
  seed_lo: u32, seed_hi: u32, stream: u32, flags: u32,
  guidance: f32, numel: u32, items: u32, ctx_n: u32,
}

@group(0) @binding(0) var<uniform> s: Step;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@group(0) @binding(2) var<storage, read> eps: array<f32>;
@group(0) @binding(3) var<storage, read_write> t: array<f32>;
@group(0) @binding(4) var<storage, read_write> x0_prev: array<f32>;
// The prediction of x0 at the last step, for previews.
@group(0) @binding(5) var<storage, read_write> x0_out: array<f32>;
${guide === 'twice' ? stashWgsl(labels ? inputs.nullLabel : undefined, context) : ''}
// (hi, lo) of the 64-bit product, from 16-bit limbs (WGSL has no 64-bit integers).
fn mulhilo(a: u32, b: u32) -> vec2<u32> {
  let ah = a >> 16u; let al = a & 0xffffu;
  let bh = b >> 16u; let bl = b & 0xffffu;
  let ll = al * bl; let m1 = ah * bl; let m2 = al * bh;
  let mid = (ll >> 16u) + (m1 & 0xffffu) + (m2 & 0xffffu);
  return vec2<u32>(ah * bh + (m1 >> 16u) + (m2 >> 16u) + (mid >> 16u), a * b);
}

fn philox(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var c = counter;
  var k = key;
  for (var round = 0u; round < 10u; round++) {
    let p0 = mulhilo(0xd2511f53u, c.x);
    let p1 = mulhilo(0xcd9e8d57u, c.z);
    c = vec4<u32>(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
    k = k + vec2<u32>(0x9e3779b9u, 0xbb67ae85u);
  }
  return c;
}

// Four standard normals for elements 4g .. 4g+3 of one stream (see philox.ts for the layout).
fn normals(g: u32, stream: u32) -> vec4<f32> {
  let w = philox(vec4<u32>(g, stream, 0u, 0u), vec2<u32>(s.seed_lo, s.seed_hi));
  let u = (vec4<f32>(w >> vec4<u32>(8u)) + 0.5) * (1.0 / 16777216.0);
  let r = sqrt(-2.0 * log(u.xz));
  let theta = 6.283185307179586 * (u.yw - 0.5);
  return vec4<f32>(-r.x * cos(theta.x), -r.x * sin(theta.x), -r.y * cos(theta.y), -r.y * sin(theta.y));
}

// x_T: stream 0.
@compute @workgroup_size(${WORKGROUP})
fn init(@builtin(global_invocation_id) id: vec3<u32>) {
  let g = id.x;
  if (g * 4u >= s.numel) { return; }
  let n = normals(g, 0u);
  for (var j = 0u; j < 4u; j++) {
    let i = g * 4u + j;
    if (i < s.numel) {
      x[i] = n[j];${guide === 'batched' ? '\n      x[i + s.numel] = n[j];' : ''}
    }
  }
}

// One sampler step, in place on x; also sets the U-Net's t for the next step.
@compute @workgroup_size(${WORKGROUP})
fn update(@builtin(global_invocation_id) id: vec3<u32>) {
  let g = id.x;
  if (g < s.items) {
    t[g] = s.t_next;${labels ? '\n    label[g] = cond[g];' : ''}
  }${context ? copyContext('cond') : ''}
  if (g * 4u >= s.numel) { return; }
  var n = vec4<f32>(0.0);
  if ((s.flags & ${FLAG_NOISE}u) != 0u) { n = normals(g, s.stream); }
  for (var j = 0u; j < 4u; j++) {
    let i = g * 4u + j;
    if (i >= s.numel) { break; }
    let xi = x[i];
    let e = ${guided ? `${epsUncond} + s.guidance * (${epsCond} - ${epsUncond})` : 'eps[i]'};
    var x0 = (xi - s.sb * e) / s.sa;
    if ((s.flags & ${FLAG_CLIP}u) != 0u) { x0 = clamp(x0, -1.0, 1.0); }
    x0_out[i] = x0;
    var next = s.cx0 * x0 + s.cx * xi + s.ceps * e + s.cnoise * n[j];
    if ((s.flags & ${FLAG_KEEP_X0}u) != 0u) {
      next = next + s.cprev * x0_prev[i];
      x0_prev[i] = x0;
    }
    x[i] = next;${guide === 'batched' ? '\n    x[i + s.numel] = next;' : ''}
  }
}
`;
}
