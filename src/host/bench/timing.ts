/**
 * The one timing loop and the one median that every Kiln benchmark uses (`kiln run --iters`,
 * `kiln bench`, `npm run bench`). Runners are timed in rounds, one run of each per round with
 * the order rotating, so that load changes on a shared machine hit every runner alike; a
 * single runner is the one-element case of the same loop.
 */

/** The median; the mean of the middle two for an even count; NaN for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export interface Runner<T> {
  readonly label: string;
  /** One run. `warmup` is true for the untimed runs before the rounds. */
  run(warmup: boolean): Promise<T>;
}

export interface Timing<T> {
  readonly label: string;
  /** Warm-up runs in order (the first includes any one-time cost: shader compilation). */
  readonly warmupMs: number[];
  /** Timed runs in order. */
  readonly timesMs: number[];
  /** median(timesMs); NaN when there were no timed runs. */
  readonly ms: number;
  /** What the last run returned. */
  readonly last: T;
}

export interface TimingOptions {
  /** Untimed runs of each runner first, runner by runner. */
  readonly warmup: number;
  /** Timed rounds: one run of each runner per round. */
  readonly iters: number;
  readonly progress?: (s: string) => void;
}

const ms = (x: number) => `${x.toFixed(0)} ms`;

export async function timeRounds<T>(
  runners: readonly Runner<T>[],
  opts: TimingOptions,
): Promise<Timing<T>[]> {
  const res = runners.map((r) => ({
    label: r.label,
    warmupMs: [] as number[],
    timesMs: [] as number[],
    last: undefined as T | undefined,
  }));
  for (const [j, r] of runners.entries())
    for (let w = 0; w < opts.warmup; w++) {
      const t0 = performance.now();
      res[j]!.last = await r.run(true);
      const t = performance.now() - t0;
      res[j]!.warmupMs.push(t);
      opts.progress?.(
        `${r.label}: warm-up ${w + 1}/${opts.warmup}: ${ms(t)}${w === 0 ? ' (includes shader compilation)' : ''}`,
      );
    }
  for (let i = 0; i < opts.iters; i++) {
    const line: string[] = [];
    for (let k = 0; k < runners.length; k++) {
      const j = (i + k) % runners.length; // rotate who goes first
      const t0 = performance.now();
      res[j]!.last = await runners[j]!.run(false);
      const t = performance.now() - t0;
      res[j]!.timesMs.push(t);
      line.push(`${runners[j]!.label} ${ms(t)}`);
    }
    opts.progress?.(`round ${i + 1}/${opts.iters}: ${line.join(', ')}`);
  }
  return res.map((r) => ({ ...r, ms: median(r.timesMs), last: r.last as T }));
}
