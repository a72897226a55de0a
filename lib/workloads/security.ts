import type * as k8s from '../imports/k8s';
import { invalid } from '../core/input-checks';

/**
 * Relaxations of a container's security context. Berth's defaults follow the Pod Security
 * Standard "restricted": non-root, no privilege escalation, every capability dropped, a
 * read-only root filesystem and the RuntimeDefault seccomp profile. Each field here is a named
 * opt-out, visible in code review.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export interface ContainerSecurityOptions {
  /** Let the container run as root (`runAsNonRoot: false`). @default - the pod's setting (false) */
  readonly allowRootUser?: boolean;
  /** Let processes gain more privileges than their parent (setuid binaries). @default false */
  readonly allowPrivilegeEscalation?: boolean;
  /** Keep the root filesystem read-only; mount an `emptyDir` where the app writes. @default true */
  readonly readOnlyRootFilesystem?: boolean;
  /** Capabilities to add back after dropping ALL (e.g. `NET_BIND_SERVICE`). @default - none */
  readonly capabilities?: { readonly add?: readonly string[] };
  /** The UID to run as. @default - the image's user */
  readonly runAsUser?: number;
  /** The GID to run as. @default - the image's group */
  readonly runAsGroup?: number;
}

/** Relaxations and settings of the pod's security context (see {@link ContainerSecurityOptions}). */
export interface PodSecurityOptions {
  /** Let the pod's containers run as root. @default false */
  readonly allowRootUser?: boolean;
  /** The UID containers run as. @default - the image's user */
  readonly runAsUser?: number;
  /** The GID containers run as. @default - the image's group */
  readonly runAsGroup?: number;
  /** The group that owns mounted volumes. @default - none */
  readonly fsGroup?: number;
  /**
   * Run the pod in its own user namespace (`hostUsers: false`): its users, root included, map
   * to unprivileged users of the node. Pod Security then relaxes as Kubernetes does for such
   * pods: running as root (`allowRootUser`, `runAsUser: 0`) and an unmasked /proc are allowed.
   * Needs Linux nodes and a runtime that support it (beta, on by default, from 1.33).
   * @default false
   */
  readonly userNamespace?: boolean;
}

const CAPABILITY = /^[A-Z][A-Z_]*$/;

function checkId(path: string, field: string, id: number | undefined, rootAllowed: boolean): void {
  if (id === undefined) return;
  if (!Number.isInteger(id) || id < 0) {
    throw invalid(path, field, id, 'a whole number >= 0', 'use a numeric UID/GID such as 1000');
  }
  if (field.endsWith('runAsUser') && id === 0 && !rootAllowed) {
    throw invalid(
      path,
      field,
      id,
      'a non-zero UID while root is not allowed',
      'use a non-root UID such as 1000, or opt out with securityContext: { allowRootUser: true }',
    );
  }
}

/** The pod security context for `options` (restricted by default). */
export function podSecurityContext(path: string, options: PodSecurityOptions = {}): k8s.PodSecurityContext {
  const root = options.allowRootUser === true;
  checkId(path, 'securityContext.runAsUser', options.runAsUser, root);
  checkId(path, 'securityContext.runAsGroup', options.runAsGroup, true);
  checkId(path, 'securityContext.fsGroup', options.fsGroup, true);
  return {
    runAsNonRoot: !root,
    runAsUser: options.runAsUser,
    runAsGroup: options.runAsGroup,
    fsGroup: options.fsGroup,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The container security context for `options` (restricted by default). */
export function containerSecurityContext(
  path: string,
  field: string,
  options: ContainerSecurityOptions = {},
  podAllowsRoot = false,
): k8s.SecurityContext {
  const root = options.allowRootUser ?? podAllowsRoot;
  checkId(path, `${field}.runAsUser`, options.runAsUser, root);
  checkId(path, `${field}.runAsGroup`, options.runAsGroup, true);
  const add = options.capabilities?.add ?? [];
  add.forEach((cap, i) => {
    if (!CAPABILITY.test(cap) || cap.startsWith('CAP_') || cap === 'ALL') {
      throw invalid(
        path,
        `${field}.capabilities.add[${i}]`,
        cap,
        'a Linux capability name in upper case without the CAP_ prefix (e.g. NET_BIND_SERVICE)',
        cap.startsWith('CAP_') ? `write "${cap.slice(4)}"` : 'name the single capability the container needs',
      );
    }
  });
  return {
    allowPrivilegeEscalation: options.allowPrivilegeEscalation === true,
    capabilities: { drop: ['ALL'], add: add.length ? [...add] : undefined },
    readOnlyRootFilesystem: options.readOnlyRootFilesystem ?? true,
    runAsNonRoot: !root,
    runAsUser: options.runAsUser,
    runAsGroup: options.runAsGroup,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
