/**
 * Either spec form, for the commands that take both: Kiln's own (schema.ts) or the diffusers
 * form (compiler/diffusers/spec.ts, written by `kiln import`). Which one a document is follows
 * from its `diffusers` key; everything form-specific (the graph, the checkpoint's names and
 * shapes, how its weights load) is chosen here once.
 */
import { type Safetensors, checkTensors } from '../../runtime/format/safetensors.js';
import { buildDiffusersGraph } from '../diffusers/graph.js';
import { diffusersWeights, stateDictShapes } from '../diffusers/keys.js';
import { readDiffusersSpecFile } from '../diffusers/read.js';
import {
  type DiffusersSpec,
  isDiffusersDocument,
  validateDiffusersSpec,
} from '../diffusers/spec.js';
import { buildGraph } from '../ir/build.js';
import { type Graph, paramsOf } from '../ir/graph.js';
import { validateSpec } from './check.js';
import { readSpecFile } from './read.js';
import type { Spec } from './schema.js';

export type AnySpec = Spec | DiffusersSpec;

export const isDiffusersSpec = (s: AnySpec): s is DiffusersSpec => 'diffusers' in s;

export async function readAnySpecFile(path: string): Promise<AnySpec> {
  return (await readDiffusersSpecFile(path)) ?? (await readSpecFile(path));
}

export const validateAnySpec = (raw: unknown, source: string): AnySpec =>
  isDiffusersDocument(raw) ? validateDiffusersSpec(raw, source) : validateSpec(raw, source);

/** The spec with another batch size, re-validated (a larger batch can break a size limit). */
export const withBatch = (spec: AnySpec, batch: number, source: string): AnySpec =>
  validateAnySpec({ ...spec, input: { ...spec.input, batch } }, source);

/** The IR of either form. */
export const buildAnyGraph = (spec: AnySpec): Graph =>
  isDiffusersSpec(spec) ? buildDiffusersGraph(spec) : buildGraph(spec);

/** The checkpoint's tensors, names and shapes as its file holds them (a diffusers state_dict). */
export function checkpointShapes(
  spec: AnySpec,
  graph: Graph,
): { name: string; shape: readonly number[] }[] {
  return isDiffusersSpec(spec)
    ? stateDictShapes(spec).map((t) => ({ name: t.name, shape: t.shape }))
    : paramsOf(graph).map((p) => ({ name: p.attrs.name, shape: p.shape }));
}

/**
 * A weights file as F32 tensors by param name, every missing, extra or mis-shaped tensor named:
 * diffusers' names (legacy attention names too) and dtypes for the diffusers form.
 */
export function loadWeights(
  spec: AnySpec,
  graph: Graph,
  file: Safetensors,
  source: string,
): Map<string, Float32Array> {
  return isDiffusersSpec(spec)
    ? diffusersWeights(spec, file, source)
    : checkTensors(file, checkpointShapes(spec, graph), source, 'WEIGHTS_INVALID');
}
