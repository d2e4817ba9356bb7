/**
 * The benchmark's one table (markdown, printed as is and written to BENCHMARKS.md) and the
 * dated-section update of BENCHMARKS.md. Pure functions: no GPU, no clock, no files.
 */

export interface RunnerRow {
  /** "Kiln fused", "Kiln unfused", "ORT-Web". */
  readonly runner: string;
  /** Median ms per forward, or null when this runner could not run (see `na`). */
  readonly ms: number | null;
  /** Why there is no number, e.g. "n/a (needs /usr/bin/python3 with python3-torch to export ONNX)". */
  readonly na?: string;
  readonly dispatches: number | null;
  /** Output check against Kiln fused on the same input, e.g. "2.1e-7 ok". */
  readonly check: string;
  /** Kiln: the same number of empty dispatches in one pass, submitted and awaited. */
  readonly emptyMs?: number;
  /** Kiln fused: a fresh process with an empty shader cache, load to first output. */
  readonly firstForwardMs?: number;
}

export interface FamilyRow {
  readonly family: string;
  readonly dispatches: number;
  /** Sum of the family's dispatches, each replayed alone. */
  readonly ms: number;
  readonly flops: number;
}

export interface ConfigReport {
  /** "S", "M". */
  readonly key: string;
  /** e.g. "1x3x32x32, base 32, mults [1,2,4], T 128, G 8, 1 head". */
  readonly shape: string;
  readonly flops: number;
  readonly rows: readonly RunnerRow[];
  /** The fused and unfused bundles hold the same kernels (fusion had not landed). */
  readonly fusionNoop: boolean;
  /** Kiln fused, per kernel family (empty when not profiled). */
  readonly families?: readonly FamilyRow[];
}

export interface Report {
  readonly adapter: string;
  /** YYYY-MM-DD (UTC). */
  readonly date: string;
  /** ISO timestamp. */
  readonly time: string;
  /** e.g. "44ce7e5 (+ uncommitted changes)". */
  readonly commit: string;
  readonly environment: string;
  readonly peakGflops: number;
  readonly iters: number;
  readonly warmup: number;
  readonly configs: readonly ConfigReport[];
  readonly notes: readonly string[];
  /** Further markdown blocks after the table and its notes (the sampling measurement). */
  readonly sections?: readonly string[];
}

const msCell = (ms: number) =>
  ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
const gflopsCell = (g: number) => (g >= 100 ? g.toFixed(0) : g >= 10 ? g.toFixed(1) : g.toFixed(2));
const ratio = (a: number | null | undefined, b: number | null | undefined) =>
  a != null && b != null && b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a';

export function formatTable(r: Report): string {
  const lines = [
    `- adapter: ${r.adapter}`,
    `- date: ${r.time} (commit ${r.commit}; ${r.environment})`,
    `- peak: ${gflopsCell(r.peakGflops)} GFLOP/s (WGSL vec4-FMA microbenchmark, scripts/bench/peak.ts)`,
    `- timing: median of ${r.iters} forwards after ${r.warmup} warm-up, runners interleaved; a forward = upload x,t + all dispatches + readback of out`,
    '',
    '| config | FLOPs/forward | runner | ms/forward | GFLOP/s | % of peak | dispatches | empty dispatches ms | first forward, cold | output vs Kiln fused |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const c of r.configs) {
    c.rows.forEach((row, i) => {
      const head =
        i === 0 ? [`**${c.key}** ${c.shape}`, `${(c.flops / 1e9).toFixed(3)} G`] : ['', ''];
      const cells =
        row.ms === null
          ? [row.na ?? 'n/a', 'n/a', 'n/a']
          : [
              msCell(row.ms),
              gflopsCell(c.flops / (row.ms * 1e6)),
              `${((100 * c.flops) / (row.ms * 1e6) / r.peakGflops).toFixed(1)}%`,
            ];
      const empty = row.emptyMs === undefined ? '' : msCell(row.emptyMs);
      const first =
        row.firstForwardMs === undefined ? '' : `${(row.firstForwardMs / 1000).toFixed(1)} s`;
      lines.push(
        `| ${[...head, row.runner, ...cells, row.dispatches === null ? 'n/a' : String(row.dispatches), empty, first, row.check].join(' | ')} |`,
      );
    });
    const by = (name: string) => c.rows.find((x) => x.runner.startsWith(name))?.ms;
    lines.push(
      `| | | ratios | fused/unfused ${ratio(by('Kiln fused'), by('Kiln unfused'))}${c.fusionNoop ? ' (same kernels)' : ''}, ORT/Kiln ${ratio(by('ORT'), by('Kiln fused'))} | | | | | | |`,
    );
  }
  const profiled = r.configs.filter((c) => c.families && c.families.length > 0);
  if (profiled.length > 0) {
    lines.push(
      '',
      'Kiln fused per kernel family (each dispatch replayed alone, median of 3 rounds, minus an empty submission):',
      '',
      '| config | family | dispatches | ms | GFLOP/s | % of peak |',
      '|---|---|---:|---:|---:|---:|',
    );
    for (const c of profiled)
      for (const f of c.families!) {
        const g = f.flops > 0 && f.ms > 0 ? f.flops / (f.ms * 1e6) : null;
        lines.push(
          `| ${c.key} | ${f.family} | ${f.dispatches} | ${msCell(f.ms)} | ${g === null ? '-' : gflopsCell(g)} | ${g === null ? '-' : `${((100 * g) / r.peakGflops).toFixed(1)}%`} |`,
        );
      }
  }
  lines.push(
    '',
    'Ratios are of ms/forward: fused/unfused < 1 means fusion helps; ORT/Kiln > 1 means Kiln (fused) is faster than ORT-Web. ' +
      '"empty dispatches" is the same number of dispatches of an empty shader in one pass, submitted and awaited: the floor under a forward. ' +
      '"first forward, cold" is a fresh Node process with an empty Mesa shader cache (MESA_SHADER_CACHE_DIR), from loading the bundle to its first output.',
  );
  for (const n of r.notes) lines.push(`- ${n}`);
  lines.push(...(r.sections ?? []));
  return lines.join('\n');
}

const START = (date: string, adapter: string) =>
  `<!-- bench-section ${date} | ${adapter.replace(/--+/g, '-')} -->`;
const END = '<!-- /bench-section -->';

export const BENCHMARKS_INTRO = `# Benchmarks

Measured with \`npm run bench -- --write\` (scripts/bench/main.ts); see the methodology below.
Each section is one run on one machine; a rerun on the same day and adapter replaces its section.
`;

/**
 * BENCHMARKS.md with the report's dated section added at the end, or in place of the section
 * with the same date and adapter. Everything outside the sections is kept as it is.
 */
export function upsertSection(existing: string | null, r: Report): string {
  const start = START(r.date, r.adapter);
  const section = `${start}\n## ${r.date}: ${r.adapter}\n\n${formatTable(r)}\n${END}\n`;
  const doc = existing ?? BENCHMARKS_INTRO;
  const at = doc.indexOf(start);
  if (at >= 0) {
    const end = doc.indexOf(END, at);
    if (end >= 0) {
      let after = end + END.length;
      if (doc[after] === '\n') after++;
      return doc.slice(0, at) + section + doc.slice(after);
    }
  }
  return doc.replace(/\n*$/, '\n\n') + section;
}
