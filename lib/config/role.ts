import { ApiResource } from '../core/api-resource';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { checkDnsSubdomain, checkNameAndLabels } from '../core/input-checks';
import { InvalidInputError } from '../core/invalid-input-error';
import { metadata } from '../core/object-scope';
import { RbacSubject } from './rbac-subject';
import { RoleBinding, ClusterRoleBinding } from './role-binding';
import { IRoleRef } from './role-ref';

/** The API resources a rule covers. */
export interface RbacResource {
  /** API groups; `''` is the core group. @default [''] */
  readonly apiGroups?: readonly string[];
  /** Resources, e.g. `pods`, `pods/log`, `redisclusters`. */
  readonly resources: readonly string[];
  /** Only these objects. @default - every object of the resources */
  readonly resourceNames?: readonly string[];
}

/** Props shared by {@link Role} and {@link ClusterRole}. */
export interface RoleProps {
  /** `metadata.name`. @default - a readable name from the construct path */
  readonly name?: string;
  /** Extra labels. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

const VERB = /^([a-z]+|\*)$/;
const RESOURCE = /^([a-z0-9][a-z0-9.-]*(\/[a-z0-9.*-]+)?|\*)$/;
const API_GROUP = /^(|\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/;

/** The rules of a role, merged: one rule per (apiGroups, resources, resourceNames), verbs joined. */
class RuleSet {
  private readonly rules = new Map<string, { rule: Omit<k8s.PolicyRule, 'verbs'>; verbs: string[] }>();

  public constructor(private readonly path: string) {}

  public add(verbs: readonly string[], resources: readonly RbacResource[]): void {
    const checkedVerbs = checkVerbs(this.path, verbs);
    if (resources.length === 0) {
      throw new InvalidInputError(
        this.path,
        'resources',
        resources,
        'no resource given',
        'at least one { apiGroups, resources }',
        "Name the resources the rule covers, e.g. [{ resources: ['pods'] }].",
      );
    }
    resources.forEach((r, i) => {
      const apiGroups = [...(r.apiGroups ?? [''])];
      apiGroups.forEach((g, j) => {
        if (!API_GROUP.test(g)) {
          throw new InvalidInputError(
            this.path,
            `resources[${i}].apiGroups[${j}]`,
            g,
            'not an API group',
            '"" (core), "*" or a group like "apps" or "redis.redis.opstreelabs.in"',
            `Did you mean "${g.toLowerCase().replace(/\/.*$/, '')}"? (the group, without its version)`,
          );
        }
      });
      if (r.resources.length === 0) {
        throw new InvalidInputError(
          this.path,
          `resources[${i}].resources`,
          r.resources,
          'no resource given',
          'resource names like "pods"',
          "Add the resources, e.g. resources: ['pods'].",
        );
      }
      r.resources.forEach((res, j) => {
        if (!RESOURCE.test(res)) {
          throw new InvalidInputError(
            this.path,
            `resources[${i}].resources[${j}]`,
            res,
            'not a resource name',
            'lower-case plural resource names like "pods", "deployments/scale" or "*"',
            `Did you mean "${res.toLowerCase().endsWith('s') ? res.toLowerCase() : `${res.toLowerCase()}s`}"? Resources are lower-case plurals, not kinds.`,
          );
        }
      });
      const rule = {
        apiGroups,
        resources: [...r.resources],
        resourceNames: r.resourceNames ? [...r.resourceNames] : undefined,
      };
      const key = JSON.stringify(rule);
      const existing = this.rules.get(key);
      if (existing) {
        for (const v of checkedVerbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
      } else {
        this.rules.set(key, { rule, verbs: [...checkedVerbs] });
      }
    });
  }

  public addNonResource(verbs: readonly string[], urls: readonly string[]): void {
    const checkedVerbs = checkVerbs(this.path, verbs);
    urls.forEach((u, i) => {
      if (!u.startsWith('/')) {
        throw new InvalidInputError(
          this.path,
          `nonResourceURLs[${i}]`,
          u,
          'not a URL path',
          'paths starting with "/", e.g. "/healthz" or "/metrics"',
          `Did you mean "/${u}"?`,
        );
      }
    });
    this.rules.set(JSON.stringify({ nonResourceURLs: urls }), {
      rule: { nonResourceURLs: [...urls] },
      verbs: [...checkedVerbs],
    });
  }

  public render(): k8s.PolicyRule[] {
    return [...this.rules.values()].map(({ rule, verbs }) => ({ ...rule, verbs: [...verbs] }) as k8s.PolicyRule);
  }
}

function checkVerbs(path: string, verbs: readonly string[]): string[] {
  if (verbs.length === 0) {
    throw new InvalidInputError(
      path,
      'verbs',
      verbs,
      'no verb given',
      'verbs like "get", "list", "watch", "create", "update", "patch", "delete" or "*"',
      'Name what the subject may do.',
    );
  }
  verbs.forEach((v, i) => {
    if (!VERB.test(v)) {
      throw new InvalidInputError(
        path,
        `verbs[${i}]`,
        v,
        'not a verb',
        'lower-case verbs like "get", "list", "watch", "create", "update", "patch", "delete", "deletecollection" or "*"',
        `Did you mean "${v.toLowerCase().replace(/[^a-z*]/g, '')}"?`,
      );
    }
  });
  return [...new Set(verbs)];
}

/**
 * A namespaced Role: permissions on the app's namespace. `grant(subject, verbs, resources)`
 * adds a rule and binds the subject; the binding is one RoleBinding named like the role.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 * @example
 * import { Platform, Environment, Application, ServiceAccount, Role } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'redis');
 * const sa = new ServiceAccount(app, 'Operator', { name: 'redis-operator' });
 * const role = new Role(app, 'Role', { name: 'redis-operator' });
 * role.grant(sa, ['get', 'list', 'watch'], [{ apiGroups: ['redis.redis.opstreelabs.in'], resources: ['redisclusters'] }]);
 * role.allow(['get'], [{ resources: ['secrets'], resourceNames: ['redis-auth'] }]);
 */
export class Role extends ApiResource implements IRoleRef {
  /** Refers to a Role that exists outside the app (no object is written). */
  public static fromName(scope: Construct, id: string, name: string): IRoleRef {
    checkDnsSubdomain(`${scope.node.path}/${id}`, 'roleName', name);
    return { roleKind: 'Role', roleName: name };
  }

  public readonly roleKind = 'Role' as const;
  public readonly roleName: string;
  private readonly rules: RuleSet;
  private binding?: RoleBinding;

  public constructor(scope: Construct, id: string, props: RoleProps = {}) {
    super(scope, id, k8s.Role.GVK, { metadata: metadata({ name: props.name, labels: props.labels }) });
    checkNameAndLabels(this.node.path, props);
    this.rules = new RuleSet(this.node.path);
    this.roleName = this.name;
  }

  protected override renderFields(): Record<string, unknown> {
    return { rules: this.rules.render() };
  }

  /** Adds a rule: `verbs` on `resources`. */
  public allow(verbs: readonly string[], resources: readonly RbacResource[]): void {
    this.rules.add(verbs, resources);
  }

  /** Adds a rule and binds `subject` to the role. */
  public grant(subject: RbacSubject, verbs: readonly string[], resources: readonly RbacResource[]): RoleBinding {
    this.allow(verbs, resources);
    return this.bind(subject);
  }

  /** Binds subjects to the role: the role's RoleBinding (child `Binding`, named like the role). */
  public bind(...subjects: RbacSubject[]): RoleBinding {
    this.binding ??= new RoleBinding(this, 'Binding', { name: this.roleName, role: this });
    for (const s of subjects) this.binding.addSubject(s);
    return this.binding;
  }
}

/**
 * A ClusterRole: permissions across namespaces or on cluster-scoped resources. Cluster-scoped.
 * `bind()` writes a ClusterRoleBinding; `bindInNamespace()` a RoleBinding of one namespace.
 *
 * @example
 * import { Platform, Environment, Application, ServiceAccount, ClusterRole } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'redis');
 * const sa = new ServiceAccount(app, 'Operator', { name: 'redis-operator' });
 * new ClusterRole(app, 'Nodes', { name: 'redis-operator-nodes' }).grant(sa, ['get', 'list'], [{ resources: ['nodes'] }]);
 */
export class ClusterRole extends ApiResource implements IRoleRef {
  /** Refers to a ClusterRole that exists outside the app, e.g. the built-in `view`. */
  public static fromName(scope: Construct, id: string, name: string): IRoleRef {
    checkDnsSubdomain(`${scope.node.path}/${id}`, 'roleName', name);
    return { roleKind: 'ClusterRole', roleName: name };
  }

  public readonly roleKind = 'ClusterRole' as const;
  public readonly roleName: string;
  private readonly rules: RuleSet;
  private binding?: ClusterRoleBinding;

  public constructor(scope: Construct, id: string, props: RoleProps = {}) {
    super(scope, id, k8s.ClusterRole.GVK, { metadata: metadata({ name: props.name, labels: props.labels }) });
    checkNameAndLabels(this.node.path, props);
    this.rules = new RuleSet(this.node.path);
    this.roleName = this.name;
  }

  protected override renderFields(): Record<string, unknown> {
    return { rules: this.rules.render() };
  }

  /** Adds a rule: `verbs` on `resources`. */
  public allow(verbs: readonly string[], resources: readonly RbacResource[]): void {
    this.rules.add(verbs, resources);
  }

  /** Adds a rule on non-resource URLs such as `/metrics`. */
  public allowNonResourceUrls(verbs: readonly string[], urls: readonly string[]): void {
    this.rules.addNonResource(verbs, urls);
  }

  /** Adds a rule and binds `subject` cluster-wide. */
  public grant(subject: RbacSubject, verbs: readonly string[], resources: readonly RbacResource[]): ClusterRoleBinding {
    this.allow(verbs, resources);
    return this.bind(subject);
  }

  /** Binds subjects cluster-wide: the role's ClusterRoleBinding (child `Binding`, named like the role). */
  public bind(...subjects: RbacSubject[]): ClusterRoleBinding {
    this.binding ??= new ClusterRoleBinding(this, 'Binding', { name: this.roleName, role: this });
    for (const s of subjects) this.binding.addSubject(s);
    return this.binding;
  }

  /** Binds subjects in one namespace only: a RoleBinding of `namespace` referring to this ClusterRole. */
  public bindInNamespace(namespace: string, ...subjects: RbacSubject[]): RoleBinding {
    const id = `Binding-${namespace}`;
    const existing = this.node.tryFindChild(id) as RoleBinding | undefined;
    const binding = existing ?? new RoleBinding(this, id, { name: this.roleName, role: this, namespace });
    for (const s of subjects) binding.addSubject(s);
    return binding;
  }
}
