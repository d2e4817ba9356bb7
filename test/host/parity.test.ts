/** The one parity metric (src/host/parity.ts), including its rule for an all-zero reference. */
import { describe, expect, it } from 'vitest';
import { relErr } from '../../src/host/parity.js';

describe('relErr: max|got - want| / max|want|', () => {
  it('is relative to the reference scale', () => {
    expect(relErr([1, 2, 4.5], [1, 2, 4])).toBe(0.5 / 4);
    expect(relErr(new Float32Array([-8, 0]), new Float32Array([-10, 0]))).toBe(0.2);
  });
  it('is absolute when the reference is all zeros', () => {
    expect(relErr([0, 0], [0, 0])).toBe(0);
    expect(relErr([1e-6, 0], [0, 0])).toBe(1e-6);
    expect(relErr([], [])).toBe(0);
  });
  it('is Infinity for a length mismatch or a NaN or Inf on either side', () => {
    expect(relErr([1], [1, 2])).toBe(Number.POSITIVE_INFINITY);
    expect(relErr([Number.NaN, 1], [1, 1])).toBe(Number.POSITIVE_INFINITY);
    expect(relErr([1, 1], [1, Number.NaN])).toBe(Number.POSITIVE_INFINITY);
    expect(relErr([1, Number.POSITIVE_INFINITY], [1, 1])).toBe(Number.POSITIVE_INFINITY);
  });
});
