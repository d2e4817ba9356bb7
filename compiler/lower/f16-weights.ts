/**
 * The one place that decides the element type kernels read their weights in. Every kernel reads
 * its weights from its step's packed `params` binding (`bindings(..., params=true)` in wgsl.ts,
 * or the vec4 view the cpu lane kernels declare), always as f32. An f16 bundle's twin kernels
 * (`kiln compile --precision f16`, for adapters with `shader-f16`) get the same code with that
 * binding declared `array<f16>` / `array<vec4<f16>>` (half the GPU memory for weights) and each
 * read widened where it happens, `f32(params[i])` / `vec4<f32>(params[j])`, so every product
 * and sum stays f32: the only change is that the weights were rounded to f16 once. A kernel
 * never names the element type itself, so a new kernel gets both forms for free.
 */
import type { Program } from './kernel.js';
import { closingBracket } from './wgsl-scan.js';

/** A weights binding as bindings() and the lane kernels declare it (a split one: params_1 ...). */
const DECLARATION = /var<storage, read> (params\w*): array<(f32|vec4<f32>)>;/g;

/** End of the bracketed index that opens at `open` (`[`), nested brackets included. */
function closing(s: string, open: number): number {
  const end = closingBracket(s, open);
  if (end < 0) throw new Error(`f16 weights: unbalanced [ at ${open}`);
  return end;
}

/** One kernel's WGSL with its weights binding(s) read as f16, widened to f32 at every read. */
export function f16WeightsKernel(wgsl: string): string {
  const vec4 = new Map<string, boolean>();
  for (const m of wgsl.matchAll(DECLARATION)) vec4.set(m[1]!, m[2] !== 'f32');
  if (vec4.size === 0) return wgsl;
  const declared = wgsl.replace(DECLARATION, (_, name: string, type: string) =>
    type === 'f32'
      ? `var<storage, read> ${name}: array<f16>;`
      : `var<storage, read> ${name}: array<vec4<f16>>;`,
  );
  const read = new RegExp(`\\b(${[...vec4.keys()].join('|')})\\[`, 'g');
  let out = '';
  let at = 0;
  for (let m = read.exec(declared); m; m = read.exec(declared)) {
    const name = m[1]!;
    let end = closing(declared, m.index + name.length);
    // A vec4 binding read with a component index (`params[i / 4u][i % 4u]`) is one f16.
    const component = vec4.get(name) && declared[end + 1] === '[';
    if (component) end = closing(declared, end + 1);
    const widen = vec4.get(name) && !component ? 'vec4<f32>' : 'f32';
    out += `${declared.slice(at, m.index)}${widen}(${declared.slice(m.index, end + 1)})`;
    at = end + 1;
    read.lastIndex = at;
  }
  return `enable f16;\n${out}${declared.slice(at)}`;
}

/** A program's twin whose weights live on the GPU as f16 (runner table `weights: 'f16'`). */
export function f16WeightsProgram(p: Program): Program {
  return {
    ...p,
    weights: 'f16',
    kernels: p.kernels.map((k) => ({ ...k, wgsl: f16WeightsKernel(k.wgsl) })),
  };
}
