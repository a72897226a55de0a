/**
 * Checks what a contender wrote: bytes, documents per kind, and a content hash that ignores key
 * order, document order and comments (outputs that say the same thing hash the same).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { loadAll } from 'js-yaml';

/** What one output holds. */
export interface OutputSummary {
  /** YAML files read (kustomization.yaml excluded). */
  readonly files: number;
  /** Bytes of every file written (kustomization.yaml included). */
  readonly bytes: number;
  /** Kubernetes objects. */
  readonly docs: number;
  /** Objects per kind. */
  readonly kinds: Readonly<Record<string, number>>;
  /** sha256 (12 hex) of the sorted, key-sorted objects. */
  readonly hash: string;
}

function listFiles(target: string): string[] {
  if (!fs.statSync(target).isDirectory()) return [target];
  const out: string[] = [];
  for (const e of fs.readdirSync(target, { withFileTypes: true })) {
    const p = path.join(target, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out.sort();
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, sortKeys(o[k])]),
    );
  }
  return v;
}

/** Bytes of every file under `target` (a file or a folder). */
export function countBytes(target: string): number {
  return listFiles(target).reduce((sum, f) => sum + fs.statSync(f).size, 0);
}

/** Reads the output at `target` (a file, or a folder of YAML files). */
export function summarizeOutput(target: string): OutputSummary {
  let bytes = 0;
  let files = 0;
  const kinds: Record<string, number> = {};
  const canonical: string[] = [];
  for (const f of listFiles(target)) {
    const text = fs.readFileSync(f, 'utf8');
    bytes += Buffer.byteLength(text);
    if (!/\.ya?ml$/.test(f) || path.basename(f) === 'kustomization.yaml') continue;
    files++;
    for (const doc of loadAll(text)) {
      if (doc === null || doc === undefined) continue;
      const kind = String((doc as { kind?: unknown }).kind);
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      canonical.push(JSON.stringify(sortKeys(doc)));
    }
  }
  canonical.sort();
  const hash = createHash('sha256').update(canonical.join('\n')).digest('hex').slice(0, 12);
  return { files, bytes, docs: canonical.length, kinds, hash };
}

/** Why `summary` is not exactly `n` objects of each of `expectedKinds`, or undefined when it is. */
export function kindMismatch(summary: OutputSummary, expectedKinds: readonly string[], n: number): string | undefined {
  const problems: string[] = [];
  for (const k of expectedKinds) {
    if (summary.kinds[k] !== n) problems.push(`${k}: ${summary.kinds[k] ?? 0} (want ${n})`);
  }
  for (const k of Object.keys(summary.kinds)) {
    if (!expectedKinds.includes(k)) problems.push(`${k}: ${summary.kinds[k]} (want none)`);
  }
  return problems.length > 0 ? problems.join(', ') : undefined;
}
