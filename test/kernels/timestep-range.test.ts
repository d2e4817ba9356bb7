/**
 * The accurate range of the sinusoidal timestep embedding, measured against a float64
 * reference (sin/cos of t * f with f = exp(-j ln(10000) / (half - 1)) in double precision).
 * Within |t| <= TIMESTEP_ACCURATE_MAX the largest error of any embedding value (they are in
 * [-1, 1]) stays within 1e-3; `kiln run` and the runtime warn beyond it. The float32 rows show
 * that the loss is float32's own (PyTorch's float32 embedding loses the same), not the kernel's.
 */
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../compiler/ir/graph.js';
import { timeFrequencies } from '../../compiler/lower/kernels/time-sincos.js';
import { TIMESTEP_ACCURATE_MAX } from '../../src/host/numerics.js';
import { runGraph } from '../helpers/gpu.js';

const DIM = 128;
const TOLERANCE = 1e-3;
const TS = [0, 1, 10, 100, 999, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 3e5, 1e6, 1e7, 1e30];

describe('timestep embedding: accurate range', () => {
  it(`is accurate to ${TOLERANCE} for |t| <= ${TIMESTEP_ACCURATE_MAX}, and not far beyond`, async () => {
    const g = new GraphBuilder('timestep_range');
    const t = g.input('t', [TS.length]);
    g.output('out', g.add('time_sincos', [t], { dim: DIM }, 'emb'));
    const tData = new Float32Array(TS);
    const got = (await runGraph(g.build(), new Map(), new Map([['t', tData]]))).out!;
    const half = DIM / 2;
    const f64 = Array.from({ length: half }, (_, j) =>
      Math.exp((-j * Math.log(10000)) / (half - 1)),
    );
    const f32 = timeFrequencies(DIM);
    const rows = TS.map((_, b) => {
      let kernel = 0;
      let float32 = 0;
      const tv = tData[b]!;
      for (let j = 0; j < DIM; j++) {
        const k = j % half;
        const trig = j < half ? Math.sin : Math.cos;
        const want = trig(tv * f64[k]!);
        kernel = Math.max(kernel, Math.abs(got[b * DIM + j]! - want));
        float32 = Math.max(float32, Math.abs(trig(Math.fround(tv * f32[k]!)) - want));
      }
      return { t: tv, kernel, float32 };
    });
    console.log(
      rows
        .map(
          (r) =>
            `t=${r.t.toExponential(0)}: kernel ${r.kernel.toExponential(1)}, float32 math ${r.float32.toExponential(1)}`,
        )
        .join('\n'),
    );
    for (const r of rows) {
      if (r.t <= TIMESTEP_ACCURATE_MAX) expect(r.kernel, `t=${r.t}`).toBeLessThanOrEqual(TOLERANCE);
      if (r.t >= 10 * TIMESTEP_ACCURATE_MAX)
        expect(r.kernel, `t=${r.t}`).toBeGreaterThan(TOLERANCE);
    }
  }, 300_000);
});
