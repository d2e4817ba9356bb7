/**
 * Scanning generated WGSL for the passes that rewrite it after emission (split.ts, which binds a
 * tensor in parts, and f16-weights.ts, which reads the weights as f16).
 */

/**
 * The index of the `]` or `)` that closes the bracket opening at `open`, counting both kinds;
 * -1 when the text ends first (the caller says what that means for it).
 */
export function closingBracket(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const ch = code[i]!;
    if (ch === '[' || ch === '(') depth++;
    else if ((ch === ']' || ch === ')') && --depth === 0) return i;
  }
  return -1;
}
