import { Finding, asArray, asString } from '../finding';
import { isRecord } from '../../model/is-record';
import { duplicate, forbidden, goValue, required } from './api-error';

/**
 * Dynamic Resource Allocation in a pod spec (core `validatePodResourceClaims` and
 * `validateResourceClaimNames`): each entry of `resourceClaims` is named once and takes its
 * claim from exactly one of `resourceClaimName` and `resourceClaimTemplateName`, and each
 * container's `resources.claims` names an entry of `resourceClaims`, once per request.
 */
export function checkResourceClaims(spec: Record<string, unknown>, path: string, out: Finding[]): void {
  const lists = ['initContainers', 'containers'].map((l) => [l, asArray(spec[l])] as const);
  const used = lists.some(([, cs]) => cs.some((c) => isRecord(c) && isRecord(c.resources) && c.resources.claims));
  if (spec.resourceClaims === undefined && !used) return;
  const names = new Set<string>();
  asArray(spec.resourceClaims).forEach((rc, i) => {
    if (!isRecord(rc)) return;
    const p = `${path}.resourceClaims[${i}]`;
    const name = asString(rc.name);
    if (name !== undefined && names.has(name)) {
      out.push(duplicate('api/combination', `${p}.name`, name, "Name each of the pod's resource claims once."));
    }
    if (name !== undefined) names.add(name);
    const sources = ['resourceClaimName', 'resourceClaimTemplateName'].filter(
      (k) => rc[k] !== undefined && rc[k] !== '',
    );
    if (sources.length === 0) {
      out.push(
        required(
          'api/one-of',
          p,
          'must specify one of: `resourceClaimName`, `resourceClaimTemplateName`',
          'Name the ResourceClaim the pods share, or the ResourceClaimTemplate each pod gets its own claim from.',
        ),
      );
    } else if (sources.length > 1) {
      out.push(
        forbidden(
          'api/one-of',
          p,
          'at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified',
          'Keep one: a shared claim (resourceClaimName) or a claim per pod (resourceClaimTemplateName).',
        ),
      );
    }
  });
  const known = [...names].sort();
  for (const [list, containers] of lists) {
    containers.forEach((c, i) => {
      if (!isRecord(c) || !isRecord(c.resources)) return;
      const seen = new Set<string>();
      asArray(c.resources.claims).forEach((claim, j) => {
        if (!isRecord(claim)) return;
        const p = `${path}.${list}[${i}].resources.claims[${j}]`;
        const name = asString(claim.name);
        if (name === undefined || name === '') {
          out.push(required('api/required', p, '', "Name an entry of the pod's resourceClaims."));
          return;
        }
        const key = `${name}/${asString(claim.request) ?? ''}`;
        if (seen.has(key))
          out.push(duplicate('api/combination', p, name, 'Claim each claim (and request) once per container.'));
        seen.add(key);
        if (!names.has(name)) {
          out.push({
            rule: 'api/combination',
            field: p,
            value: name,
            message: `Not found: ${goValue(name)}: must be one of the names in pod.spec.resourceClaims${known.length ? `: ${known.join(', ')}` : ' which is empty'}`,
            hint: `Add { name: ${JSON.stringify(name)}, resourceClaimTemplateName: ... } to the pod's resourceClaims, or claim one of its entries.`,
          });
        }
      });
    });
  }
}
