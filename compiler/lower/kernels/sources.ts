/**
 * Reading a channel-concatenation of NCHW buffers in place: the skip concat of an UpBlock is
 * never copied; its consumers get one read function over both sources. The concat fragment:
 * the fused convs' shortcut reads it, and so does the concat op's own kernel.
 */
import { add, sum, tensor, type U } from '../wgsl.js';

export interface Source {
  readonly name: string;
  readonly channels: U;
}

/**
 * `fn <fn>(n, c, p) -> <type>`: element (n, c, p) of the concatenation, p = y * W + x, where
 * an element is an f32, or a vec4 along the row for buffers of vec4 (hw then counts vec4s).
 */
export function concatReader(
  fn: string,
  sources: readonly Source[],
  hw: U,
  type: 'f32' | 'vec4<f32>' = 'f32',
): string {
  let start: U = 0;
  const branches = sources.map((s, i) => {
    const c = start === 0 ? 'c' : `c - ${sum(start)}`;
    const read = tensor(s.name, [0, s.channels, hw]).at('n', c, 'p');
    start = add(start, s.channels);
    return i === sources.length - 1
      ? `  return ${read};`
      : `  if (c < ${sum(start)}) { return ${read}; }`;
  });
  return `fn ${fn}(n: u32, c: u32, p: u32) -> ${type} {\n${branches.join('\n')}\n}`;
}
