import { ObjectDiff, ObjectRef } from './diff-objects';
import { FileDiff } from './diff-files';
import { hasDifferences, OutputDiff } from './diff-outputs';
import { RESIZE_LABEL } from './resize-effects';

/** Counts of a diff, for the summary line and `--format json`. */
export interface DiffSummary {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly renamed: number;
  /** Objects with at least one danger (replacement, data loss). */
  readonly dangerous: number;
  /** Of those, the objects removed (deleted where pruning is on). */
  readonly dangerousRemovals: number;
  readonly chartFiles: number;
  /** Other files that differ (missing, extra or changed). */
  readonly files: number;
}

/** Counts the differences by type. */
export function summarize(diff: OutputDiff): DiffSummary {
  const all = diff.apps.flatMap((a) => a.objects);
  const count = (t: ObjectDiff['type']): number => all.filter((o) => o.type === t).length;
  return {
    added: count('added'),
    removed: count('removed'),
    changed: count('changed'),
    renamed: count('renamed'),
    dangerous: all.filter(isDangerous).length,
    dangerousRemovals: all.filter((o) => o.type === 'removed' && isDangerous(o)).length,
    chartFiles: diff.charts.length,
    files: diff.files.length,
  };
}

/** Whether an object diff means replacement (a rename, an immutable field changed) or the deletion of data. */
export function isDangerous(o: ObjectDiff): boolean {
  return o.type !== 'added' && o.dangers.length > 0;
}

const MAX_VALUE = 120;

function show(v: unknown): string {
  if (v === undefined) return '(none)';
  const s = JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 3)}...` : s;
}

function name(r: ObjectRef): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}

function objectLines(o: ObjectDiff): string[] {
  switch (o.type) {
    case 'added':
      return [`  + ${o.ref.kind} ${name(o.ref)} (added)`];
    case 'removed':
      return o.dangers.length > 0
        ? [
            `  ! ${o.ref.kind} ${name(o.ref)} (removed) DANGEROUS`,
            ...o.dangers.map((d) => `      DANGEROUS: ${d.reason}`),
          ]
        : [`  - ${o.ref.kind} ${name(o.ref)} (removed)`];
    case 'changed':
    case 'renamed': {
      const title =
        o.type === 'renamed'
          ? `${o.ref.kind} ${name(o.from)} → ${name(o.ref)} (renamed)`
          : `${o.ref.kind} ${name(o.ref)} (changed)`;
      const head = o.dangers.length > 0 ? `  ! ${title} DANGEROUS` : `  ~ ${title}`;
      return [
        head,
        ...o.dangers.map((d) => `      DANGEROUS: ${d.reason}`),
        ...((o.type === 'changed' && o.resize) || []).map((r) => `      ${RESIZE_LABEL[r.effect]}: ${r.reason}`),
        ...o.fields.map((f) => `      ${f.path}: ${show(f.old)} → ${show(f.new)}`),
      ];
    }
  }
}

function fileMark(f: FileDiff): string {
  return f.type === 'added' ? '+' : f.type === 'removed' ? '-' : '~';
}

/** How the text names a file difference, from the output's side. */
const FILE_DIFFERENCES: Readonly<Record<FileDiff['type'], string>> = {
  added: 'missing: synth writes it',
  removed: 'extra: synth does not write it',
  changed: 'changed',
};

/** The diff as terminal text: one block per app, one line per object and per field, a summary. */
export function formatDiffText(diff: OutputDiff): string {
  if (!hasDifferences(diff)) {
    return `No differences: the output is up to date (${diff.objectCount} objects).\n`;
  }
  const lines: string[] = [];
  for (const app of diff.apps) {
    lines.push(`${app.environment}/${app.app}`);
    for (const o of app.objects) lines.push(...objectLines(o));
    lines.push('');
  }
  if (diff.charts.length > 0) {
    lines.push('charts/');
    for (const f of diff.charts) lines.push(`  ${fileMark(f)} ${f.file} (${f.type})`);
    lines.push('');
  }
  if (diff.files.length > 0) {
    lines.push('files');
    for (const f of diff.files)
      lines.push(`  ${fileMark(f)} ${f.file} (${FILE_DIFFERENCES[f.type]}${f.note ? `: ${f.note}` : ''})`);
    lines.push('');
  }
  const s = summarize(diff);
  const parts = [`${s.added} added`, `${s.removed} removed`, `${s.changed} changed`, `${s.renamed} renamed`];
  if (s.chartFiles > 0) parts.push(`${s.chartFiles} chart files differ`);
  if (s.files > 0) parts.push(s.files === 1 ? '1 file differs' : `${s.files} files differ`);
  lines.push(`Differences: ${parts.join(', ')}.`);
  const replaced = s.dangerous - s.dangerousRemovals;
  if (replaced > 0) {
    lines.push(
      `${replaced} DANGEROUS: these objects would be replaced (deleted and recreated); for storage that loses data. Keep the old names and immutable fields, or plan the migration.`,
    );
  }
  if (s.dangerousRemovals > 0) {
    lines.push(
      `${s.dangerousRemovals} DANGEROUS removals: where the output is applied with pruning, these objects are deleted with their data. Keep them, or back the data up first.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The diff as JSON: `{ equal, summary, apps, charts, files }`. */
export function formatDiffJson(diff: OutputDiff): string {
  return `${JSON.stringify({ equal: !hasDifferences(diff), summary: summarize(diff), apps: diff.apps, charts: diff.charts, files: diff.files }, null, 2)}\n`;
}
