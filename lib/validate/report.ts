import { Problem, Waiver } from '../model/problem';
import { compareStrings } from '../model/compare-strings';
import { clipped } from './finding';

/**
 * Reports for people (`formatReport`) and machines (`formatReportJson`). The text report is
 * grouped by environment, then by construct path (or file), with one block per object.
 */

/**
 * The errors among `problems`, one line each (`error <rule>: <object> <message>`): what a
 * command that needed a successful synth (diff, graph) prints before giving up.
 */
export function errorLines(problems: readonly Problem[]): string {
  return problems
    .filter((p) => p.severity === 'error')
    .map((p) => {
      const where = p.object ?? p.constructPath;
      return `error ${p.rule}: ${where ? `${where} ` : ''}${p.message}\n`;
    })
    .join('');
}

/** `N errors, M warnings`. */
export function summaryLine(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  return `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`;
}

/** The text report: problems grouped by environment and object, then waivers, then the summary. */
export function formatReport(problems: readonly Problem[], waivers: readonly Waiver[] = []): string {
  const lines: string[] = [];
  const byEnv = groupBy(problems, (p) => p.environment ?? '');
  for (const env of [...byEnv.keys()].sort()) {
    if (env) lines.push(`environment ${env}`);
    const indent = env ? '  ' : '';
    const byObject = groupBy(
      byEnv.get(env)!,
      (p) => `${p.app ?? ''}\u0000${p.constructPath ?? p.file ?? ''}\u0000${p.object ?? ''}`,
    );
    for (const key of [...byObject.keys()].sort()) {
      const group = byObject.get(key)!;
      const first = group[0];
      const where = first.constructPath ?? first.file ?? '';
      const head = [where, first.object].filter((x) => x).join('  ');
      lines.push(`${indent}${head || '(no object)'}`);
      for (const p of sortProblems(group)) {
        lines.push(
          `${indent}  ${p.severity === 'error' ? 'error' : 'warning'} ${p.rule}${p.field ? ` at ${p.field}` : ''}`,
        );
        lines.push(`${indent}    ${p.message}`);
        if (p.value !== undefined) lines.push(`${indent}    value: ${formatValue(p.value)}`);
        if (p.hint) lines.push(`${indent}    fix: ${p.hint}`);
      }
    }
  }
  if (waivers.length > 0) {
    lines.push('waivers');
    for (const w of [...waivers].sort((a, b) =>
      compareStrings(`${a.constructPath} ${a.rule}`, `${b.constructPath} ${b.rule}`),
    )) {
      lines.push(`  ${w.constructPath}  ${w.rule}: ${w.reason}`);
    }
  }
  lines.push(summaryLine(problems));
  return `${lines.join('\n')}\n`;
}

/** The JSON report: `{ summary: { errors, warnings }, problems, waivers }`, stable order. */
export function formatReportJson(problems: readonly Problem[], waivers: readonly Waiver[] = []): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return `${JSON.stringify({ summary: { errors, warnings: problems.length - errors }, problems: sortProblems(problems), waivers }, null, 2)}\n`;
}

function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      compareStrings(a.environment ?? '', b.environment ?? '') ||
      compareStrings(a.constructPath ?? a.file ?? '', b.constructPath ?? b.file ?? '') ||
      compareStrings(a.object ?? '', b.object ?? '') ||
      compareStrings(a.field ?? '', b.field ?? '') ||
      compareStrings(a.rule, b.rule),
  );
}

function formatValue(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return clipped(s, 117);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) {
    const k = key(i);
    const list = m.get(k) ?? [];
    list.push(i);
    m.set(k, list);
  }
  return m;
}
