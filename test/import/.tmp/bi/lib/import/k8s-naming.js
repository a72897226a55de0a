"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PREFERRED_GROUPS = void 0;
exports.parseDefinitionId = parseDefinitionId;
exports.nameDefinitions = nameDefinitions;
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
const names_1 = require("./names");
/** Groups that win a short-name collision against other non-core groups, in this order. */
exports.PREFERRED_GROUPS = [
    'apps', 'batch', 'autoscaling', 'policy', 'networking', 'rbac', 'storage', 'scheduling', 'node',
    'discovery', 'coordination', 'certificates', 'admissionregistration', 'authentication', 'authorization',
];
function parseDefinitionId(id) {
    const segments = id.split('.');
    const shortName = segments[segments.length - 1];
    const rest = segments.slice(0, -1);
    const hasVersion = rest.length > 0 && (0, names_1.parseVersion)(rest[rest.length - 1]) !== undefined;
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
function coreRank(d) {
    return d.groupPath === 'io.k8s.api.core' || d.groupPath.startsWith('io.k8s.apimachinery') ? 0 : 1;
}
function groupRank(d) {
    const i = exports.PREFERRED_GROUPS.indexOf(d.group);
    return i < 0 ? exports.PREFERRED_GROUPS.length : i;
}
function cmp(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/**
 * Names every definition. `isKind` tells which ids are kinds. Returns id → TypeScript name;
 * the names are unique.
 */
function nameDefinitions(ids, isKind) {
    const byShort = new Map();
    for (const id of [...ids].sort()) {
        const d = parseDefinitionId(id);
        const list = byShort.get(d.shortName) ?? [];
        list.push(d);
        byShort.set(d.shortName, list);
    }
    const names = new Map();
    const used = new Set();
    const take = (id, name) => {
        let unique = name;
        for (let i = 2; used.has(unique); i++)
            unique = `${name}${i}`;
        used.add(unique);
        names.set(id, unique);
    };
    // Single definitions first, so that they keep their names whatever the prefixes produce.
    const collisions = [];
    for (const list of byShort.values()) {
        if (list.length === 1)
            take(list[0].id, list[0].shortName);
        else
            collisions.push(list);
    }
    for (const list of collisions) {
        const ranked = [...list].sort((a, b) => coreRank(a) - coreRank(b)
            || Number(isKind(b.id)) - Number(isKind(a.id))
            || groupRank(a) - groupRank(b)
            || cmp(a.groupPath, b.groupPath)
            || (0, names_1.compareVersionPreference)(a.version, b.version));
        const winnerGroup = ranked[0].groupPath;
        const bestVersion = new Map();
        for (const d of ranked) {
            if (!bestVersion.has(d.groupPath))
                bestVersion.set(d.groupPath, d.version);
        }
        for (const d of ranked) {
            const prefix = d.groupPath === winnerGroup ? '' : (0, names_1.pascalCase)(d.group);
            const suffix = bestVersion.get(d.groupPath) === d.version ? '' : (0, names_1.pascalCase)(d.version);
            take(d.id, `${prefix}${d.shortName}${suffix}`);
        }
    }
    return names;
}
