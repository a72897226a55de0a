/**
 * Turns measured runs into the results table (`bench/results.md`) and data (`bench/results.json`).
 */
import { Measurement } from './measure';
import { OutputSummary } from './verify-output';

/** Every run of one contender at one N, and what its output held. */
export interface ContenderResult {
  readonly id: string;
  readonly label: string;
  readonly n: number;
  readonly runs: readonly Measurement[];
  /** Summary of the warm-up run's output (undefined for contenders with no output). */
  readonly output?: OutputSummary;
  /** Whether the output is the same data as the js-yaml floor's (key order, comments aside). */
  readonly sameContentAsFloor?: boolean;
  /** Why the output was refused; its time is not counted then. */
  readonly refused?: string;
}

/** Summary statistics of one contender at one N. */
export interface Row {
  readonly id: string;
  readonly label: string;
  readonly n: number;
  readonly runs: number;
  readonly wall: { readonly median: number; readonly min: number; readonly max: number };
  readonly cpu?: number;
  readonly peakRssMiB: number;
  readonly bytes?: number;
  readonly objects?: number;
  readonly sameContentAsFloor?: boolean;
  /** Berth's median wall / this contender's, and the median of the per-round ratios. */
  readonly berthOverWall?: number;
  readonly berthOverWallPaired?: number;
  readonly berthOverRss?: number;
  readonly refused?: string;
}

/** The median of `xs` (mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Statistics per contender, with ratios against the Berth contender `berthId` at the same N. */
export function summarize(results: readonly ContenderResult[], berthId: string): Row[] {
  const rows: Row[] = [];
  for (const r of results) {
    const walls = r.runs.map((m) => m.wall);
    const cpus = r.runs.map((m) => m.cpu).filter((c): c is number => c !== undefined);
    const base = {
      id: r.id,
      label: r.label,
      n: r.n,
      runs: r.runs.length,
      wall: walls.length
        ? { median: median(walls), min: Math.min(...walls), max: Math.max(...walls) }
        : { median: NaN, min: NaN, max: NaN },
      cpu: cpus.length ? median(cpus) : undefined,
      peakRssMiB: r.runs.length ? median(r.runs.map((m) => m.peakRssKiB)) / 1024 : NaN,
      bytes: r.output?.bytes,
      objects: r.output?.docs,
      sameContentAsFloor: r.sameContentAsFloor,
      refused: r.refused,
    };
    const berth = results.find((b) => b.id === berthId && b.n === r.n);
    if (!berth || berth === r || !berth.runs.length || !r.runs.length || !r.output) {
      rows.push(base);
      continue;
    }
    const paired = berth.runs.slice(0, r.runs.length).map((b, i) => b.wall / r.runs[i].wall);
    rows.push({
      ...base,
      berthOverWall: median(berth.runs.map((m) => m.wall)) / base.wall.median,
      berthOverWallPaired: median(paired),
      berthOverRss: median(berth.runs.map((m) => m.peakRssKiB)) / median(r.runs.map((m) => m.peakRssKiB)),
    });
  }
  return rows;
}

const f3 = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(3));
const f2 = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(2));
const f1 = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(1));
const int = (x: number | undefined): string => (x === undefined ? '–' : x.toLocaleString('en-US'));

/** The results table, in Markdown. */
export function markdownTable(rows: readonly Row[]): string {
  const lines = [
    '| contender | N | runs | wall s median (min–max) | CPU s | peak RSS MiB | output bytes | objects | same data as floor | Berth/it wall (paired) | Berth/it RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: | ---: | ---: |',
  ];
  for (const r of rows) {
    if (r.refused) {
      lines.push(`| ${r.label} | ${r.n} | – | refused: ${r.refused} | | | | | | | |`);
      continue;
    }
    const same = r.sameContentAsFloor === undefined ? '–' : r.sameContentAsFloor ? 'yes' : 'no';
    const ratio = r.berthOverWall === undefined ? '–' : `${f2(r.berthOverWall)} (${f2(r.berthOverWallPaired)})`;
    lines.push(
      `| ${r.label} | ${r.n} | ${r.runs} | ${f3(r.wall.median)} (${f3(r.wall.min)}–${f3(r.wall.max)}) | ${f2(r.cpu)} | ${f1(r.peakRssMiB)} | ${int(r.bytes)} | ${int(r.objects)} | ${same} | ${ratio} | ${f2(r.berthOverRss)} |`,
    );
  }
  return lines.join('\n') + '\n';
}
