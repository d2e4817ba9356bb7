/**
 * Sampling progress on stderr: a bar redrawn in place on a terminal, plain lines (about ten per
 * run) when stderr is a file or a pipe, so logs stay readable.
 */
export interface Progress {
  step(done: number): void;
  finish(): void;
}

const fmt = (s: number) =>
  !Number.isFinite(s)
    ? '?'
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`
      : `${s.toFixed(s < 10 ? 1 : 0)}s`;

export function progress(
  total: number,
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const tty = stream.isTTY === true;
  const t0 = performance.now();
  const every = Math.max(1, Math.round(total / 10));
  let lastDone = 0;
  const line = (done: number) => {
    const secs = (performance.now() - t0) / 1000;
    const rate = done / secs;
    const eta = (total - done) / rate;
    return `${label} ${String(done).padStart(String(total).length)}/${total}  ${rate.toFixed(2)} steps/s  ETA ${done === total ? '0s' : fmt(eta)}`;
  };
  return {
    step(done) {
      lastDone = done;
      if (tty) {
        const width = 24;
        const fill = Math.round((done / total) * width);
        stream.write(`\r[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${line(done)}\x1b[K`);
      } else if (done % every === 0 || done === total) stream.write(`${line(done)}\n`);
    },
    finish() {
      if (tty && lastDone > 0) stream.write('\n');
    },
  };
}
