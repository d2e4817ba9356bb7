/**
 * The bundle format: what `kiln compile` writes into manifest.json and what every loader reads.
 * It lives in the runtime (the lowest layer) so that the compiler, the CLI and a bundled
 * model.mjs all import the same schema; a manifest is parsed with it, never cast.
 */
import { z } from 'zod';

/** Bumped whenever a bundle written by an older Kiln can no longer be read. */
export const BUNDLE_FORMAT = 1;

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
  dtype: z.literal('F32'),
});
export type TensorSpec = z.infer<typeof tensorSpecSchema>;

export const manifestSchema = z.object({
  kiln: z.string(),
  format: z.literal(BUNDLE_FORMAT),
  name: z.string().min(1),
  runner: bundleFile,
  weights: bundleFile,
  weightsSource: z.string(),
  inputs: z.array(tensorSpecSchema).min(1),
  outputs: z.array(tensorSpecSchema).min(1),
  params: z.array(tensorSpecSchema),
  kernels: z.array(bundleFile),
  dispatches: dim,
  fused: z.boolean(),
  target: z.enum(TARGETS),
});
export type Manifest = z.infer<typeof manifestSchema>;

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
