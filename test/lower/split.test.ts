/**
 * Tensors past 128 MiB split across bindings (compiler/lower/split.ts): the rewrite of a kernel's
 * declarations and accesses, what it refuses, and the one line lowering gives when no variant of
 * an op can take a split tensor. test/e2e/large.test.ts runs split kernels on lavapipe.
 */
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../compiler/ir/graph.js';
import { lower } from '../../compiler/lower/index.js';
import type { KernelSource } from '../../compiler/lower/kernel.js';
import { KERNELS } from '../../compiler/lower/registry.js';
import { SplitRefusal, splitBindings } from '../../compiler/lower/split.js';
import { planMemory } from '../../compiler/plan/memory.js';
import { programLimits } from '../../compiler/emit/limits.js';
import { emitRunner } from '../../compiler/emit/runner.js';
import { PART_BYTES, partOffsets } from '../../runtime/format/runner-table.js';

const KERNEL = `// y[i] = a[i] + 2 b[i], then y[i + 1] += a[i]
struct Dims { x: u32, n: u32 }
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

fn twice(j: u32) -> f32 { return 2.0 * b[j]; }

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x + dims.x;
  if (a[select(i, 0u, b[i] > 0.0)] == 0.0) { return; }
  y[i] = a[i] + twice(i);
  y[i + 1u] += a[i];
}
`;

describe('splitBindings', () => {
  it('binds a split tensor as consecutive parts and reads and writes it through load_/store_', () => {
    const out = splitBindings(
      KERNEL,
      new Map([
        [0, 2],
        [3, 3],
      ]),
    );
    const P = PART_BYTES / 4;
    expect(out).toBe(`// y[i] = a[i] + 2 b[i], then y[i + 1] += a[i]
struct Dims { x: u32, n: u32 }
@group(0) @binding(0) var<storage, read> a_0: array<f32>;
@group(0) @binding(1) var<storage, read> a_1: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;
@group(0) @binding(4) var<storage, read_write> y_0: array<f32>;
@group(0) @binding(5) var<storage, read_write> y_1: array<f32>;
@group(0) @binding(6) var<storage, read_write> y_2: array<f32>;

fn twice(j: u32) -> f32 { return 2.0 * b[j]; }

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x + dims.x;
  if (load_a(select(i, 0u, b[i] > 0.0)) == 0.0) { return; }
  store_y(i, load_a(i) + twice(i));
  store_y(i + 1u, load_y(i + 1u) + (load_a(i)));
}

fn load_a(i: u32) -> f32 {
  if (i < ${P}u) { return a_0[i]; }
  return a_1[i - ${P}u];
}

fn load_y(i: u32) -> f32 {
  if (i < ${P}u) { return y_0[i]; }
  if (i < ${2 * P}u) { return y_1[i - ${P}u]; }
  return y_2[i - ${2 * P}u];
}

fn store_y(i: u32, v: f32) {
  if (i < ${P}u) { y_0[i] = v; return; }
  if (i < ${2 * P}u) { y_1[i - ${P}u] = v; return; }
  y_2[i - ${2 * P}u] = v;
}
`);
  });

  it('splits vec4 rows at the same 128 MiB boundaries', () => {
    const vec4 = `@group(0) @binding(0) var<storage, read> xp: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> y: array<vec4<f32>>;
fn main() { y[7u] = xp[3u].zyxw; }
`;
    const out = splitBindings(vec4, new Map([[0, 2]]));
    expect(out).toContain('fn main() { y[7u] = load_xp(3u).zyxw; }');
    expect(out).toContain(
      `fn load_xp(i: u32) -> vec4<f32> {\n  if (i < ${PART_BYTES / 16}u) { return xp_0[i]; }`,
    );
    expect(out).toContain('@group(0) @binding(2) var<storage, read_write> y: array<vec4<f32>>;');
  });

  it('renumbers by binding number, whatever the order of the declarations', () => {
    const code = `@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<uniform> dims: Dims;
fn main() { y[0u] = x[1u]; }
`;
    const out = splitBindings(code, new Map([[0, 3]]));
    expect(out.split('\n').slice(0, 5)).toEqual([
      '@group(0) @binding(4) var<storage, read_write> y: array<f32>;',
      '@group(0) @binding(0) var<storage, read> x_0: array<f32>;',
      '@group(0) @binding(1) var<storage, read> x_1: array<f32>;',
      '@group(0) @binding(2) var<storage, read> x_2: array<f32>;',
      '@group(0) @binding(3) var<uniform> dims: Dims;',
    ]);
  });

  it('refuses what it cannot rewrite, saying why', () => {
    const refusal = (code: string, binding = 0) => {
      try {
        splitBindings(code, new Map([[binding, 2]]));
      } catch (e) {
        expect(e).toBeInstanceOf(SplitRefusal);
        return (e as Error).message;
      }
      return 'no refusal';
    };
    const decl = '@group(0) @binding(0) var<storage, read_write> x: array<vec4<f32>>;\n';
    expect(refusal(`${decl}fn main() { let n = arrayLength(&x); }`)).toBe(
      'x is used other than as x[index]',
    );
    expect(refusal(`${decl}fn main() { x[0u].y = 1.0; }`)).toBe(
      'a store to one component of x[index]',
    );
    expect(refusal(`${decl}fn main() { let x = 1u; }`)).toBe(
      "x is shadowed or its parts' names are taken",
    );
    expect(refusal(`${decl}fn f(x: u32) -> u32 { return x; }`)).toBe(
      'a function parameter shadows x',
    );
    const struct = '@group(0) @binding(0) var<storage, read> x: array<S>;\n';
    expect(refusal(struct)).toBe('x is a array<S>, not an array of numbers');
  });
});

describe('lowering a tensor past 128 MiB', () => {
  /** x [1, 1, 6000, 6000] (137.3 MiB) -> silu -> out. */
  const big = () => {
    const g = new GraphBuilder('big');
    g.output('out', g.add('silu', [g.input('x', [1, 1, 6000, 6000])], {}, 'act'));
    return g.build();
  };

  it('splits it, records its parts and counts them among the bindings', () => {
    const p = planMemory(lower(big(), 'cpu')).program;
    expect(p.kernels[0]!.wgsl).toContain('load_x(i)');
    expect(p.kernels[0]!.wgsl).toContain('store_y(i, ');
    expect(partOffsets(36e6 * 4)).toEqual([0, PART_BYTES / 4]);
    const limits = programLimits(p);
    expect(limits.maxStorageBufferBindingSize).toBe(PART_BYTES);
    expect(limits.maxBufferSize).toBe(PART_BYTES);
    expect(limits.maxStorageBuffersPerShaderStage).toBe(4);
    expect(emitRunner(p, 'test')).toContain(
      '  // buffers past 128 MiB: the f32 offsets of the ranges each binding covers\n  parts: {\n    "x": [0, 33554432],\n    "out": [0, 33554432],\n  },',
    );
  });

  it('refuses it in one line when no variant of its op can take it split', () => {
    const registry = KERNELS as unknown as Record<string, unknown>;
    const silu = registry.silu;
    // A kernel that passes its input by pointer, which no split can serve.
    const pointer: KernelSource = {
      family: 'silu',
      wgsl: `@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(1) fn main() { y[0] = f32(arrayLength(&x)); }
`,
      grid: [1, 1, 1],
    };
    registry.silu = [
      {
        name: 'pointer',
        target: 'any',
        applies: () => true,
        schedule: () => ({}),
        emit: () => pointer,
      },
    ];
    try {
      expect(() => lower(big(), 'cpu')).toThrow(
        'big: input tensor x [1,1,6000,6000] needs 137.3 MiB, over the 128 MiB of one storage binding, and no silu kernel can take it split across bindings (silu: x is used other than as x[index])',
      );
    } finally {
      registry.silu = silu;
    }
  });
});
