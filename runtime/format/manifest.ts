/**
 * The bundle format: what `kiln compile` writes into manifest.json and what every loader reads.
 * It lives in the runtime (the lowest layer) so that the compiler, the CLI and a bundled
 * model.mjs all import the same schema; a manifest is parsed with it, never cast.
 */
import { z } from 'zod';

/** Bumped whenever a bundle written by an older Kiln can no longer be read. */
export const BUNDLE_FORMAT = 3;

/** What the weights are stored in (`kiln compile --precision`). */
export const PRECISIONS = ['f32', 'f16'] as const;
export type Precision = (typeof PRECISIONS)[number];

/** What the kernels are shaped for: software rasterisers (lavapipe, SwiftShader) or real GPUs. */
export const TARGETS = ['cpu', 'gpu'] as const;
export type Target = (typeof TARGETS)[number];

const dim = z.number().int().nonnegative();

/** A bundle-relative file name: no absolute paths, no `..`, so a manifest cannot reach outside. */
const bundleFile = z
  .string()
  .min(1)
  .refine(
    (p) =>
      !p.startsWith('/') && !p.includes('\\') && !p.split('/').some((s) => s === '..' || s === ''),
    { message: 'must name a file inside the bundle' },
  );

export const tensorSpecSchema = z.object({
  name: z.string().min(1),
  shape: z.array(dim),
  /** I32: integer class ids (the `label` input of a class-conditional model); all else F32. */
  dtype: z.enum(['F32', 'I32']),
});
export type TensorSpec = z.infer<typeof tensorSpecSchema>;

/**
 * Class conditioning (a spec with `classes`): the `label` input takes ids 0..classes-1, or
 * `classes` itself, the null label of the unconditional pass of classifier-free guidance.
 * `guidance` is the default scale w of eps = eps_uncond + w (eps_cond - eps_uncond), from
 * `kiln compile --guidance` or the training recipe beside the weights (`guidanceSource`).
 */
export const conditioningSchema = z.object({
  classes: z.number().int().positive(),
  guidance: z.number().nonnegative(),
  guidanceSource: z.string(),
});
export type Conditioning = z.infer<typeof conditioningSchema>;

/**
 * One dispatch of a forward, with the facts the compiler worked out for it, so that bench,
 * profile and inspect read them instead of recomputing them from the spec or the runner.
 */
export const stepSchema = z.object({
  /** The spec node (module path) the step computes, e.g. `down_blocks.0.res.block1.2`. */
  label: z.string(),
  /** The IR op it runs (a fused op names what it absorbed in the IR, model.ir). */
  op: z.string().min(1),
  /** Its kernel, one of its variant's `kernels`. */
  kernel: bundleFile,
  workgroups: z.tuple([dim, dim, dim]),
  /** FLOPs, 2 per multiply-add (convolutions, linears, attention matmuls). */
  flops: dim,
  /** Compulsory bytes moved: every operand read once, the output written once (f32). */
  bytes: dim,
});
export type ManifestStep = z.infer<typeof stepSchema>;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be 64 lowercase hex digits' });
const count = z.number().int().positive();

/** What a kernel variant needs from the device; checked by model.mjs at load (runtime/format/limits.ts). */
export const limitsSchema = z.object({
  maxStorageBufferBindingSize: count,
  maxBufferSize: count,
  maxStorageBuffersPerShaderStage: count,
  maxComputeWorkgroupStorageSize: dim,
  maxComputeInvocationsPerWorkgroup: count,
  maxComputeWorkgroupSizeX: count,
  maxComputeWorkgroupSizeY: count,
  maxComputeWorkgroupSizeZ: count,
  maxComputeWorkgroupsPerDimension: count,
});

/** One set of kernels and its runner (source/<target>/); model.mjs carries them all. */
export const variantSchema = z.object({
  target: z.enum(TARGETS),
  /** The generated runner, readable (model.mjs holds it bundled). */
  runner: bundleFile,
  dispatches: dim,
  kernels: z.array(bundleFile),
  limits: limitsSchema,
  steps: z.array(stepSchema),
  /**
   * An f16 bundle's twin of these kernels (source/<target>_f16/), for adapters with shader-f16:
   * the same steps, the weights held as f16 on the GPU and widened at every read.
   */
  f16: z.object({ runner: bundleFile, kernels: z.array(bundleFile) }).optional(),
});
export type VariantManifest = z.infer<typeof variantSchema>;

export const manifestSchema = z
  .object({
    kiln: z.string(),
    format: z.literal(BUNDLE_FORMAT),
    name: z.string().min(1),
    /** The ES module to import: `load()`, INPUTS, OUTPUTS, KilnError; `types` declares them. */
    model: bundleFile,
    types: bundleFile,
    /** A page that loads the model and draws its output (kiln serve). */
    demo: bundleFile,
    weights: bundleFile,
    weightsSource: z.string(),
    /** sha256 of the weights file, so a bundle's weights can be checked without keeping them. */
    weightsSha256: sha256,
    /**
     * How the weights file stores the weights: F32, or F16 (`kiln compile --precision f16`),
     * which load() widens to f32 for kernels that read f32. Absent in bundles written before
     * it existed, which are f32.
     */
    precision: z.enum(PRECISIONS).default('f32'),
    inputs: z.array(tensorSpecSchema).min(1),
    conditioning: conditioningSchema.optional(),
    outputs: z.array(tensorSpecSchema).min(1),
    params: z.array(tensorSpecSchema),
    fused: z.boolean(),
    /** FLOPs and compulsory bytes moved per forward: the same in every variant. */
    flops: dim,
    bytes: dim,
    variants: z.array(variantSchema).min(1),
  })
  .check((ctx) => {
    const m = ctx.value;
    const seen = new Set<string>();
    m.variants.forEach((v, k) => {
      const at = (...path: (string | number)[]) => ['variants', k, ...path];
      if (seen.has(v.target))
        ctx.issues.push({
          code: 'custom',
          input: v.target,
          path: at('target'),
          message: `${v.target} is listed twice`,
        });
      seen.add(v.target);
      if (v.steps.length !== v.dispatches)
        ctx.issues.push({
          code: 'custom',
          input: v.steps,
          path: at('steps'),
          message: `${v.steps.length} steps for ${v.dispatches} dispatches`,
        });
      v.steps.forEach((s, i) => {
        if (!v.kernels.includes(s.kernel))
          ctx.issues.push({
            code: 'custom',
            input: s.kernel,
            path: at('steps', i, 'kernel'),
            message: `${s.kernel} is not one of the variant's kernels`,
          });
      });
      for (const key of ['flops', 'bytes'] as const) {
        const sum = v.steps.reduce((a, s) => a + s[key], 0);
        if (sum !== m[key])
          ctx.issues.push({
            code: 'custom',
            input: m[key],
            path: [key],
            message: `${m[key]} is not the sum over the ${v.target} steps (${sum})`,
          });
      }
    });
  });
export type Manifest = z.infer<typeof manifestSchema>;

/** The manifest's entry for a variant (the first one when `target` is not given or absent). */
export function variantOf(m: Manifest, target?: Target): VariantManifest {
  return m.variants.find((v) => v.target === target) ?? m.variants[0]!;
}

/** What bench, profile and inspect show for each dispatch of a variant: `<spec node>: <op>`. */
export function stepLabels(m: Manifest, target?: Target): string[] {
  return variantOf(m, target).steps.map((s) => `${s.label}: ${s.op}`);
}

/**
 * Parses manifest.json text; on failure returns one line per problem, each naming the field
 * (`outputs[0].shape`), so a damaged bundle is reported precisely.
 */
export function parseManifest(
  text: string,
): { ok: true; manifest: Manifest } | { ok: false; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [`not JSON (${(e as Error).message})`] };
  }
  const r = manifestSchema.safeParse(raw);
  if (r.success) return { ok: true, manifest: r.data };
  return {
    ok: false,
    problems: r.error.issues.map((i) => {
      const where = i.path
        .map((p, k) => (typeof p === 'number' ? `[${p}]` : `${k ? '.' : ''}${String(p)}`))
        .join('');
      return `${where || 'manifest'}: ${i.message}`;
    }),
  };
}
