import { ManifestRecord, objectId } from '../synth/manifest';
import { Problem, Severity } from './problem';

/** Which built-in policy profile applies. */
export type PolicyProfile = 'restricted' | 'baseline' | 'none';

/** Options of {@link validateManifests}. */
export interface ValidateOptions {
  /** The policy profile. @default 'restricted' */
  readonly policy?: PolicyProfile;
  /** Per-rule severity overrides from the project's configuration (`off` disables a rule). */
  readonly severities?: Readonly<Record<string, Severity | 'off'>>;
}

/**
 * Checks rendered objects and returns every problem found (never throws for bad objects).
 * Waived rules are dropped here; the waivers themselves are reported by synth.
 */
export function validateManifests(records: readonly ManifestRecord[], options: ValidateOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, ManifestRecord>();
  for (const r of records) {
    const key = `${r.environment}\u0000${r.object.apiVersion.split('/').length > 1 ? r.object.apiVersion.split('/')[0] : ''}\u0000${objectId(r.object)}`;
    const first = seen.get(key);
    if (first) {
      problems.push({
        severity: 'error',
        rule: 'reference/duplicate-object',
        message: `two objects are named ${objectId(r.object)}; the first is ${first.constructPath || first.file}`,
        hint: 'Give one of them another name (metadata.name) or another construct id.',
        environment: r.environment || undefined,
        app: r.app || undefined,
        constructPath: r.constructPath || undefined,
        file: r.file,
        object: objectId(r.object),
        field: 'metadata.name',
        value: r.object.metadata.name,
      });
    } else {
      seen.set(key, r);
    }
  }
  return applySeverities(problems, records, options);
}

function applySeverities(problems: Problem[], records: readonly ManifestRecord[], options: ValidateOptions): Problem[] {
  const waived = new Map<string, Set<string>>();
  for (const r of records) {
    if (r.waivers.length > 0) waived.set(r.constructPath, new Set(r.waivers.map((w) => w.rule)));
  }
  const out: Problem[] = [];
  for (const p of problems) {
    if (p.constructPath && waived.get(p.constructPath)?.has(p.rule)) continue;
    const override = options.severities?.[p.rule];
    if (override === 'off') continue;
    out.push(override ? { ...p, severity: override } : p);
  }
  return out;
}
