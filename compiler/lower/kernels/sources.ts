/**
 * Reading a channel-concatenation of NCHW buffers in place: the skip concat of an UpBlock is
 * never copied; its consumers get one read function over both sources.
 */
import { u32 } from '../wgsl.js';

export interface Source {
  readonly name: string;
  readonly channels: number;
}

/** `fn <fn>(n, c, p) -> f32`: element (n, c, p) of the concatenation, p = y * W + x. */
export function concatReader(fn: string, sources: readonly Source[], hw: number): string {
  let start = 0;
  const branches = sources.map((s, i) => {
    const read = `${s.name}[(n * ${u32(s.channels)} + c - ${u32(start)}) * ${u32(hw)} + p]`;
    start += s.channels;
    return i === sources.length - 1
      ? `  return ${read};`
      : `  if (c < ${u32(start)}) { return ${read}; }`;
  });
  return `fn ${fn}(n: u32, c: u32, p: u32) -> f32 {\n${branches.join('\n')}\n}`;
}
