import { IConstruct } from 'constructs';
import * as k8s from '../imports/k8s';
import { checkSameEnvironment } from '../core/object-scope';

/**
 * Who a role is granted to: a ServiceAccount (or a workload, which runs as one), or a
 * {@link Subject} for users and groups.
 */
export type RbacSubject = Subject | { readonly serviceAccountName: string; readonly namespace: string };

const SUBJECT = Symbol.for('berth.rbac.Subject');

/**
 * A user, group or ServiceAccount as an RBAC subject.
 *
 * @example
 * import { Subject } from 'berth-k8s';
 * const admins = Subject.group('platform-admins');
 * const ci = Subject.serviceAccount('ci-runner', 'ci');
 */
export class Subject {
  /** Whether `x` is a Subject (brand check). */
  public static isSubject(x: unknown): x is Subject {
    return typeof x === 'object' && x !== null && SUBJECT in x;
  }

  /** A user, as the cluster's authenticator names it. */
  public static user(name: string): Subject {
    return new Subject({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name });
  }

  /** A group, as the cluster's authenticator names it. */
  public static group(name: string): Subject {
    return new Subject({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name });
  }

  /** A ServiceAccount by name and namespace. */
  public static serviceAccount(name: string, namespace: string): Subject {
    return new Subject({ kind: 'ServiceAccount', name, namespace });
  }

  /** Turns a ServiceAccount, workload or Subject into a Subject. */
  public static from(subject: RbacSubject): Subject {
    if (Subject.isSubject(subject)) return subject;
    return Subject.serviceAccount(subject.serviceAccountName, subject.namespace);
  }

  private constructor(private readonly subject: k8s.Subject) {
    Object.defineProperty(this, SUBJECT, { value: true });
  }

  /** A readable name for binding names: the subject's name. */
  public get subjectName(): string {
    return this.subject.name;
  }

  /** A stable identity: `kind/namespace/name`. */
  public get key(): string {
    return `${this.subject.kind}/${this.subject.namespace ?? ''}/${this.subject.name}`;
  }

  /** The subject (wire format). */
  public toSubject(): k8s.Subject {
    return { ...this.subject };
  }
}

/** Checks that a construct subject is in the same environment as `from`; returns the Subject. */
export function toCheckedSubject(from: IConstruct, field: string, subject: RbacSubject): Subject {
  const maybeConstruct = subject as Partial<IConstruct>;
  if (!Subject.isSubject(subject) && typeof maybeConstruct.node === 'object') {
    checkSameEnvironment(from, field, maybeConstruct as IConstruct, 'subject');
  }
  return Subject.from(subject);
}
