import { ApiResource } from '../core/api-resource';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { checkDnsLabel, checkDnsSubdomain } from '../core/input-checks';
import { metadata } from '../core/object-scope';
import { RbacSubject, Subject, toCheckedSubject } from './rbac-subject';
import type { IRoleRef } from './role-ref';
import { InvalidInputError } from '../core/invalid-input-error';

/** Props of a {@link RoleBinding}. */
export interface RoleBindingProps {
  /** `metadata.name`. @default - a readable name from the construct path */
  readonly name?: string;
  /** The Role (or ClusterRole, limited to the namespace) granted. */
  readonly role: IRoleRef;
  /** The subjects. @default - none; add them with `addSubject` */
  readonly subjects?: readonly RbacSubject[];
  /** The namespace. @default - the app's namespace */
  readonly namespace?: string;
}

/** Props of a {@link ClusterRoleBinding}. */
export interface ClusterRoleBindingProps {
  /** `metadata.name`. @default - a readable name from the construct path */
  readonly name?: string;
  /** The ClusterRole granted. */
  readonly role: IRoleRef;
  /** The subjects. @default - none; add them with `addSubject` */
  readonly subjects?: readonly RbacSubject[];
}

class SubjectList {
  private readonly subjects = new Map<string, Subject>();
  public constructor(private readonly owner: Construct) {}
  public add(subject: RbacSubject): void {
    const s = toCheckedSubject(this.owner, 'subjects', subject);
    if (!this.subjects.has(s.key)) this.subjects.set(s.key, s);
  }
  public render(): k8s.Subject[] | undefined {
    return this.subjects.size > 0 ? [...this.subjects.values()].map((s) => s.toSubject()) : undefined;
  }
}

function roleRef(role: IRoleRef): k8s.RoleRef {
  return { apiGroup: 'rbac.authorization.k8s.io', kind: role.roleKind, name: role.roleName };
}

/**
 * A RoleBinding: grants a Role (or a ClusterRole, limited to one namespace) to subjects.
 * Usually made by `role.grant()` / `role.bind()`.
 *
 * @example
 * import { Platform, Environment, Application, RoleBinding, ClusterRole, Subject } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'shop');
 * new RoleBinding(app, 'Viewers', { role: ClusterRole.fromName(app, 'View', 'view'), subjects: [Subject.group('shop-devs')] });
 */
export class RoleBinding extends ApiResource {
  private readonly subjects: SubjectList;

  public constructor(scope: Construct, id: string, props: RoleBindingProps) {
    super(scope, id, k8s.RoleBinding.GVK, {
      metadata: metadata({ name: props.name, namespace: props.namespace }),
      roleRef: roleRef(props.role),
    });
    if (props.name !== undefined) checkDnsSubdomain(this.node.path, 'metadata.name', props.name);
    if (props.namespace !== undefined) checkDnsLabel(this.node.path, 'metadata.namespace', props.namespace);
    this.subjects = new SubjectList(this);
    for (const s of props.subjects ?? []) this.addSubject(s);
  }

  /** Adds a subject (duplicates are ignored). */
  public addSubject(subject: RbacSubject): void {
    this.subjects.add(subject);
  }

  protected override renderFields(): Record<string, unknown> {
    return { ...super.renderFields(), subjects: this.subjects.render() };
  }
}

/**
 * A ClusterRoleBinding: grants a ClusterRole to subjects in every namespace. Cluster-scoped.
 *
 * @example
 * import { Platform, Environment, Application, ClusterRoleBinding, ClusterRole, Subject } from 'berth-k8s';
 * const app = new Application(new Environment(new Platform(), 'prod', { config: {} }), 'platform');
 * new ClusterRoleBinding(app, 'Admins', { role: ClusterRole.fromName(app, 'Admin', 'cluster-admin'), subjects: [Subject.group('sre')] });
 */
export class ClusterRoleBinding extends ApiResource {
  private readonly subjects: SubjectList;

  public constructor(scope: Construct, id: string, props: ClusterRoleBindingProps) {
    super(scope, id, k8s.ClusterRoleBinding.GVK, {
      metadata: metadata({ name: props.name }),
      roleRef: roleRef(props.role),
    });
    if (props.name !== undefined) checkDnsSubdomain(this.node.path, 'metadata.name', props.name);
    if (props.role.roleKind !== 'ClusterRole') {
      throw new InvalidInputError(
        this.node.path,
        'roleRef.kind',
        `Role ${props.role.roleName}`,
        'a ClusterRoleBinding cannot grant a Role',
        'a ClusterRole',
        'Use a RoleBinding for a Role.',
      );
    }
    this.subjects = new SubjectList(this);
    for (const s of props.subjects ?? []) this.addSubject(s);
  }

  /** Adds a subject (duplicates are ignored). */
  public addSubject(subject: RbacSubject): void {
    this.subjects.add(subject);
  }

  protected override renderFields(): Record<string, unknown> {
    return { ...super.renderFields(), subjects: this.subjects.render() };
  }
}
