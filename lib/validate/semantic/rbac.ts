import { Finding, asArray, asObject, asString } from '../finding';
import { dns1123Subdomain } from '../../model/name-grammar';
import { invalid, notSupported, required } from './api-error';
import { checkLabelSelector } from './selectors';

/**
 * The rbac.authorization.k8s.io kinds (rbac `ValidatePolicyRule`, `ValidateRoleBindingSubject`),
 * after the defaults the API server fills in (roleRef.apiGroup, a User's or Group's apiGroup).
 * Whether the role a binding names exists, and is a ClusterRole for a ClusterRoleBinding, is the
 * reference check's.
 */

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function nonEmpty(v: unknown): boolean {
  return asArray(v).length > 0;
}

/** A Role's or ClusterRole's `rules`. */
export function checkRole(o: Record<string, unknown>, namespaced: boolean, out: Finding[]): void {
  asArray(o.rules).forEach((r, i) => {
    const rule = asObject(r);
    const p = `rules[${i}]`;
    if (!nonEmpty(rule.verbs))
      out.push(
        required(
          'api/required',
          `${p}.verbs`,
          'verbs must contain at least one value',
          'List what the rule allows, e.g. verbs: [get, list, watch].',
        ),
      );
    if (nonEmpty(rule.nonResourceURLs)) {
      if (namespaced)
        out.push(
          invalid(
            'api/combination',
            `${p}.nonResourceURLs`,
            rule.nonResourceURLs,
            'namespaced rules cannot apply to non-resource URLs',
            'Non-resource URLs (/healthz, /metrics) are cluster-wide: grant them in a ClusterRole.',
          ),
        );
      if (nonEmpty(rule.apiGroups) || nonEmpty(rule.resources) || nonEmpty(rule.resourceNames)) {
        out.push(
          invalid(
            'api/combination',
            `${p}.nonResourceURLs`,
            rule.nonResourceURLs,
            'rules cannot apply to both regular resources and non-resource URLs',
            'Split the rule in two: one for the resources, one for the URLs.',
          ),
        );
      }
      return;
    }
    if (!nonEmpty(rule.apiGroups))
      out.push(
        required(
          'api/required',
          `${p}.apiGroups`,
          'resource rules must supply at least one api group',
          'Give the API groups, e.g. apiGroups: [""] for the core group, ["apps"] for Deployments.',
        ),
      );
    if (!nonEmpty(rule.resources))
      out.push(
        required(
          'api/required',
          `${p}.resources`,
          'resource rules must supply at least one resource',
          'Give the resources, e.g. resources: [pods, configmaps].',
        ),
      );
  });
  if (!namespaced) {
    asArray(asObject(o.aggregationRule).clusterRoleSelectors).forEach((s, i) =>
      checkLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`, out),
    );
  }
}

/** A RoleBinding's or ClusterRoleBinding's roleRef and subjects. */
export function checkBinding(o: Record<string, unknown>, namespaced: boolean, out: Finding[]): void {
  const ref = asObject(o.roleRef);
  if (typeof ref.apiGroup === 'string' && ref.apiGroup !== '' && ref.apiGroup !== RBAC_GROUP) {
    out.push(
      notSupported(
        'api/format',
        'roleRef.apiGroup',
        ref.apiGroup,
        [RBAC_GROUP],
        `Set roleRef.apiGroup: ${RBAC_GROUP}.`,
      ),
    );
  }
  if (ref.name === '') out.push(required('api/required', 'roleRef.name', '', 'Name the role to grant.'));
  asArray(o.subjects).forEach((s, i) => {
    const subject = asObject(s);
    const p = `subjects[${i}]`;
    const name = asString(subject.name) ?? '';
    if (name === '') out.push(required('api/required', `${p}.name`, '', 'Name the user, group or ServiceAccount.'));
    const apiGroup = asString(subject.apiGroup) ?? '';
    if (subject.kind === 'ServiceAccount') {
      if (name !== '')
        for (const msg of dns1123Subdomain(name))
          out.push(
            invalid(
              'api/format',
              `${p}.name`,
              name,
              msg,
              'Name a ServiceAccount (lower-case letters, digits, "-" and ".").',
            ),
          );
      if (apiGroup !== '')
        out.push(
          notSupported(
            'api/format',
            `${p}.apiGroup`,
            apiGroup,
            [''],
            'Remove apiGroup: ServiceAccounts are in the core group.',
          ),
        );
      if (!namespaced && !subject.namespace)
        out.push(
          required(
            'api/required',
            `${p}.namespace`,
            '',
            "A ClusterRoleBinding names ServiceAccounts of any namespace: give the ServiceAccount's namespace.",
          ),
        );
    } else if ((subject.kind === 'User' || subject.kind === 'Group') && apiGroup !== '' && apiGroup !== RBAC_GROUP) {
      out.push(
        notSupported(
          'api/format',
          `${p}.apiGroup`,
          apiGroup,
          [RBAC_GROUP],
          `Set apiGroup: ${RBAC_GROUP}, or remove it.`,
        ),
      );
    }
  });
}
