/**
 * The classes of API-server rules. Every one is an error no profile, setting or waiver lowers:
 * the API server refuses the object whatever Berth says.
 */
export const API_RULES = {
  'api/range':
    'numbers out of their range: ports, replicas, counts, thresholds, deadlines that must exceed other fields',
  'api/one-of':
    'exactly one of several fields: probe and lifecycle handlers, volume sources, env sources, PDB budgets, Ingress backends',
  'api/workload': 'per-controller rules: restart policies, at least one container, rollout settings, selectors',
  'api/combination':
    'fields that must agree: nodePort and Service type, hostPort and hostNetwork, probes on init containers, duplicates',
  'api/resources': 'resource quantities: not negative, requests not above limits, extended resources whole and equal',
  'api/format': 'strings the API server parses: env var names, time zones, paths, selectors, IPs, DNS names',
  'api/required':
    'values the API server requires that the schema leaves optional: images, access modes, typed-Secret keys, RBAC verbs',
  'api/pod-security':
    'pods that break the Pod Security level their namespace enforces (pod-security.kubernetes.io/enforce); its warn and audit levels give warnings',
} as const;

/** The rule of an API-server finding. */
export type ApiRule = keyof typeof API_RULES;
