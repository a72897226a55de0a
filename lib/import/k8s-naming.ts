/**
 * TypeScript names for Kubernetes swagger definitions.
 *
 * A definition is named by the last dot-segment of its id (`io.k8s.api.core.v1.PodSpec` →
 * `PodSpec`). When several definitions share that short name, they are ranked, best first:
 *   1. the core group (`io.k8s.api.core`) and apimachinery (`io.k8s.apimachinery.*`);
 *   2. definitions that are kinds (they have a group-version-kind) before plain types;
 *   3. groups of the PREFERRED_GROUPS list, in its order (rbac before flowcontrol for `Subject`);
 *   4. other groups by name;
 *   5. within a group, versions by preference: GA > beta > alpha, higher numbers first.
 * The best group keeps the short name; the other groups get their group name in PascalCase as a
 * prefix (`events.v1.Event` → `EventsEvent`, `flowcontrol.v1.Subject` → `FlowcontrolSubject`).
 * Inside one group, the preferred version keeps the (possibly prefixed) name and the others
 * get their version as a suffix (`autoscaling.v1.HorizontalPodAutoscalerSpec` →
 * `HorizontalPodAutoscalerSpecV1`).
 */
import { compareVersionPreference, parseVersion, pascalCase } from './names';
import { compareStrings } from '../model/compare-strings';

/** Groups that win a short-name collision against other non-core groups, in this order. */
export const PREFERRED_GROUPS: readonly string[] = [
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking',
  'rbac',
  'storage',
  'scheduling',
  'node',
  'discovery',
  'coordination',
  'certificates',
  'admissionregistration',
  'authentication',
  'authorization',
];

/** The parts of a definition id. */
export interface DefinitionId {
  readonly id: string;
  /** The id without version and name (`io.k8s.api.apps`). */
  readonly groupPath: string;
  /** The short group name (`apps`, `core`, `meta`, `apiextensions`). */
  readonly group: string;
  /** The version segment, or '' when the id has none (`io.k8s.apimachinery.pkg.api.resource.Quantity`). */
  readonly version: string;
  readonly shortName: string;
}

export function parseDefinitionId(id: string): DefinitionId {
  const segments = id.split('.');
  const shortName = segments[segments.length - 1];
  const rest = segments.slice(0, -1);
  const hasVersion = rest.length > 0 && parseVersion(rest[rest.length - 1]) !== undefined;
  const version = hasVersion ? rest[rest.length - 1] : '';
  const groupSegments = hasVersion ? rest.slice(0, -1) : rest;
  return {
    id,
    groupPath: groupSegments.join('.'),
    group: groupSegments[groupSegments.length - 1] ?? '',
    version,
    shortName,
  };
}

function coreRank(d: DefinitionId): number {
  return d.groupPath === 'io.k8s.api.core' || d.groupPath.startsWith('io.k8s.apimachinery') ? 0 : 1;
}

function groupRank(d: DefinitionId): number {
  const i = PREFERRED_GROUPS.indexOf(d.group);
  return i < 0 ? PREFERRED_GROUPS.length : i;
}

/**
 * Names every definition. `isKind` tells which ids are kinds. Returns id → TypeScript name;
 * the names are unique.
 */
export function nameDefinitions(ids: readonly string[], isKind: (id: string) => boolean): Map<string, string> {
  const byShort = new Map<string, DefinitionId[]>();
  for (const id of [...ids].sort()) {
    const d = parseDefinitionId(id);
    const list = byShort.get(d.shortName) ?? [];
    list.push(d);
    byShort.set(d.shortName, list);
  }
  const names = new Map<string, string>();
  const used = new Set<string>();
  const take = (id: string, name: string): void => {
    let unique = name;
    for (let i = 2; used.has(unique); i++) unique = `${name}${i}`;
    used.add(unique);
    names.set(id, unique);
  };
  // Single definitions first, so that they keep their names whatever the prefixes produce.
  const collisions: DefinitionId[][] = [];
  for (const list of byShort.values()) {
    if (list.length === 1) take(list[0].id, list[0].shortName);
    else collisions.push(list);
  }
  for (const list of collisions) {
    const ranked = [...list].sort(
      (a, b) =>
        coreRank(a) - coreRank(b) ||
        Number(isKind(b.id)) - Number(isKind(a.id)) ||
        groupRank(a) - groupRank(b) ||
        compareStrings(a.groupPath, b.groupPath) ||
        compareVersionPreference(a.version, b.version),
    );
    const winnerGroup = ranked[0].groupPath;
    const bestVersion = new Map<string, string>();
    for (const d of ranked) {
      if (!bestVersion.has(d.groupPath)) bestVersion.set(d.groupPath, d.version);
    }
    for (const d of ranked) {
      const prefix = d.groupPath === winnerGroup ? '' : pascalCase(d.group);
      const suffix = bestVersion.get(d.groupPath) === d.version ? '' : pascalCase(d.version);
      take(d.id, `${prefix}${d.shortName}${suffix}`);
    }
  }
  return names;
}
