/**
 * WGSL as shipped in model.mjs: comments and whitespace removed (the readable kernels stay in
 * source/). A space survives only where dropping it would join two tokens into one: between
 * two word characters (`let x`), and between two operator characters (`a - -b` must not become
 * the decrement `--`, `x < <y` must not become `<<`).
 */
const WORD = /[A-Za-z0-9_.]/;
const OPERATOR = /[-+*/%&|^<>=!]/;

function stripComments(src: string): string {
  let out = '';
  let depth = 0; // WGSL block comments nest
  for (let i = 0; i < src.length; i++) {
    const two = src.slice(i, i + 2);
    if (depth === 0 && two === '//') {
      while (i < src.length && src[i] !== '\n') i++;
      out += '\n';
    } else if (two === '/*') {
      depth++;
      i++;
    } else if (depth > 0 && two === '*/') {
      depth--;
      i++;
      if (depth === 0) out += ' ';
    } else if (depth === 0) out += src[i];
  }
  return out;
}

export function minifyWgsl(src: string): string {
  const text = stripComments(src);
  let out = '';
  let pendingSpace = false;
  for (const ch of text) {
    if (/\s/.test(ch)) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) {
      const prev = out[out.length - 1]!;
      if ((WORD.test(prev) && WORD.test(ch)) || (OPERATOR.test(prev) && OPERATOR.test(ch)))
        out += ' ';
      pendingSpace = false;
    }
    out += ch;
  }
  return out;
}
