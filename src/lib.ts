/**
 * Kiln as a library: `import { compile, inspect } from 'kiln'` (package.json `exports`). The
 * same code paths as `kiln compile` and `kiln inspect --json`, returning data instead of printing.
 * scripts/build-cli.mjs builds it into dist/cli/lib.js and writes its declarations, so the types
 * here are spelled out in this file: a user's project sees them without Kiln's sources.
 */
import { readAnySpecFile, validateAnySpec } from '../compiler/spec/any.js';
import { inspectSpec } from './commands/inspect.js';
import { compileBundle } from './compile-bundle.js';

export { KilnError, isKilnError, type KilnErrorCode } from '../runtime/errors.js';

export interface CompileOptions {
  /** The bundle directory (default `out/<spec name>`); an existing bundle there is replaced whole. */
  readonly out?: string;
  /** A .safetensors file of the reference model's state_dict(); without it, weights are generated. */
  readonly weights?: string;
  /** The seed of generated weights (default 0). */
  readonly seed?: number;
  /** Keep only one kernel variant (default: both, `load()` picks one for the adapter). */
  readonly target?: 'cpu' | 'gpu';
  /** false: one plain kernel per op, no fusion passes (default true). */
  readonly fuse?: boolean;
  /** Compile for this batch size instead of the spec's (1-64). */
  readonly batch?: number;
  /** Write the IR as built and after every pass into this directory (`NN-<pass>.ir`). */
  readonly dumpIr?: string;
  /**
   * A class-conditional spec's default guidance scale (>= 0); default: the `guidance` of the
   * training recipe beside the weights (`<weights stem>.recipe.json`), else 1.
   */
  readonly guidance?: number;
  /**
   * How the bundle stores its weights: 'f32' (default) or 'f16', half the bytes, widened to
   * f32 at load where the kernels read f32.
   */
  readonly precision?: 'f32' | 'f16';
}

export interface CompiledBundle {
  readonly name: string;
  /** The bundle directory written. */
  readonly out: string;
  /** Its files, relative to `out`. */
  readonly files: readonly string[];
  readonly fused: boolean;
  readonly variants: readonly {
    readonly target: 'cpu' | 'gpu';
    readonly dispatches: number;
    readonly kernels: number;
  }[];
  /** Number of weights (scalars). */
  readonly params: number;
}

/**
 * Compiles a spec (a path to its JSON, or the spec itself) into a bundle directory. Bad input
 * rejects with a KilnError naming the place, before anything is written.
 */
export function compile(
  spec: string | object,
  options: CompileOptions = {},
): Promise<CompiledBundle> {
  return compileBundle(spec, options);
}

export interface Inspection {
  readonly name: string;
  /** Weights (scalars). */
  readonly params: number;
  /** Per forward: FLOPs (2 per multiply-add) and compulsory bytes moved. */
  readonly flops: number;
  readonly bytes: number;
  readonly activationBytes: number;
  readonly plannedActivationBytes: number;
  readonly unplannedActivationBytes: number;
  readonly slots: number;
  readonly dispatches: number;
  readonly kernels: number;
  /** One entry per dispatch of the cpu variant, in order. */
  readonly steps: readonly {
    readonly label: string;
    readonly op: string;
    readonly kernel: string;
    readonly workgroups: readonly number[];
    readonly flops: number;
    readonly bytes: number;
  }[];
  /** model.mjs as compiled: its size raw and gzipped, the WGSL as written and as shipped. */
  readonly bundle: {
    readonly modelBytes: number;
    readonly modelGzipBytes: number;
    readonly wgslSourceBytes: number;
    readonly wgslShippedBytes: number;
    readonly variants: readonly string[];
  };
  /** The IR as built and after the passes (what is lowered), as `kiln inspect` prints them. */
  readonly ir: string;
  readonly irAfterPasses: string;
}

/** What a spec (a path to its JSON, or the spec itself) compiles to: `kiln inspect --json`. */
export async function inspect(spec: string | object): Promise<Inspection> {
  return typeof spec === 'string'
    ? inspectSpec(await readAnySpecFile(spec))
    : inspectSpec(validateAnySpec(spec, 'spec'));
}
