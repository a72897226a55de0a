import { child } from '../model/field-path';
import { asArray, asObject, Finding } from './finding';
import { ContainerAt, containersOf, PodTemplate } from './pod-templates';
import { isRecord } from '../model/is-record';

/**
 * The Pod Security Standards (baseline and restricted) as the pod-security admission
 * controller checks them (`pod-security-admission/policy/check_*.go`), over one pod template.
 */

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const RESTRICTED_CAPABILITIES = new Set(['NET_BIND_SERVICE']);
const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

/** Checks one pod template against the profile's Pod Security Standard. */
export function checkPodSecurity(t: PodTemplate, profile: 'restricted' | 'baseline'): Finding[] {
  const out: Finding[] = [];
  const spec = t.spec;
  const podSc = asObject(spec.securityContext);
  const podScPath = child(t.specPath, 'securityContext');
  const containers = containersOf(t);
  // A pod in its own user namespace: Pod Security relaxes the controls that guard the node's
  // users, as its root is not the node's (pod-security-admission relaxPolicyForUserNamespacePod:
  // runAsNonRoot, runAsUser, and procMount from policy version 1.35).
  const userNamespace = spec.hostUsers === false;
  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[ns] === true)
      out.push({
        rule: 'policy/host-namespaces',
        field: child(t.specPath, ns),
        value: true,
        message: `the pod shares the host's ${ns.slice(4)} namespace`,
        hint: `Remove ${ns} (or set it to false).`,
      });
  }
  asArray(spec.volumes).forEach((v, i) => {
    const vol = asObject(v);
    const base = child(child(t.specPath, 'volumes'), i);
    if (isRecord(vol.hostPath))
      out.push({
        rule: 'policy/host-path',
        field: child(base, 'hostPath'),
        value: vol.hostPath.path,
        message: `volume ${JSON.stringify(vol.name)} mounts a host path`,
        hint: 'Use a persistentVolumeClaim, an emptyDir or a configMap instead of hostPath.',
      });
    else if (profile === 'restricted') {
      const type = Object.keys(vol).find((k) => k !== 'name');
      if (type && !RESTRICTED_VOLUME_TYPES.has(type))
        out.push({
          rule: 'policy/volume-types',
          field: child(base, type),
          message: `volume ${JSON.stringify(vol.name)} has type ${type}, which the restricted profile does not allow`,
          hint: `Use one of ${[...RESTRICTED_VOLUME_TYPES].join(', ')} (a PVC for most storage).`,
        });
    }
  });
  checkSysctls(podSc, podScPath, out);
  checkCommonSc(podSc, podScPath, userNamespace, out);
  for (const [k, v] of Object.entries(t.annotations)) {
    if (k.startsWith('container.apparmor.security.beta.kubernetes.io/') && v === 'unconfined')
      out.push({
        rule: 'policy/apparmor-profile',
        field: child(child(t.metadataPath, 'annotations'), k),
        value: v,
        message: 'the container runs without AppArmor (unconfined)',
        hint: 'Use runtime/default or a localhost profile.',
      });
  }
  for (const c of containers) {
    const sc = asObject(c.container.securityContext);
    const scPath = child(c.path, 'securityContext');
    if (sc.privileged === true)
      out.push({
        rule: 'policy/privileged',
        field: child(scPath, 'privileged'),
        value: true,
        message: `container ${JSON.stringify(c.container.name)} is privileged`,
        hint: 'Remove privileged; grant the single capability the process needs instead.',
      });
    asArray(c.container.ports).forEach((p, j) => {
      const hp = asObject(p).hostPort;
      if (typeof hp === 'number' && hp !== 0)
        out.push({
          rule: 'policy/host-ports',
          field: child(child(child(c.path, 'ports'), j), 'hostPort'),
          value: hp,
          message: `container ${JSON.stringify(c.container.name)} binds host port ${hp}`,
          hint: 'Remove hostPort and expose the port through a Service.',
        });
    });
    if (sc.procMount !== undefined && sc.procMount !== 'Default' && !userNamespace)
      out.push({
        rule: 'policy/proc-mount',
        field: child(scPath, 'procMount'),
        value: sc.procMount,
        message: `container ${JSON.stringify(c.container.name)} unmasks /proc`,
        hint: 'Remove procMount (or set it to Default).',
      });
    checkCommonSc(sc, scPath, userNamespace, out);
    checkCapabilities(c, sc, scPath, profile, out);
    if (profile === 'restricted' && sc.allowPrivilegeEscalation !== false) {
      out.push({
        rule: 'policy/allow-privilege-escalation',
        field: child(scPath, 'allowPrivilegeEscalation'),
        value: sc.allowPrivilegeEscalation,
        message: `container ${JSON.stringify(c.container.name)} does not set allowPrivilegeEscalation: false`,
        hint: 'Set securityContext.allowPrivilegeEscalation: false.',
      });
    }
  }
  if (profile === 'restricted') {
    if (!userNamespace) checkRunAsNonRoot(podSc, podScPath, containers, out);
    checkSeccompRestricted(podSc, podScPath, containers, out);
  }
  return out;
}

/** Checks shared by pod and container security contexts. */
function checkCommonSc(sc: Record<string, unknown>, path: string, userNamespace: boolean, out: Finding[]): void {
  if (asObject(sc.windowsOptions).hostProcess === true)
    out.push({
      rule: 'policy/host-process',
      field: child(child(path, 'windowsOptions'), 'hostProcess'),
      value: true,
      message: 'the pod runs as a Windows HostProcess',
      hint: 'Remove windowsOptions.hostProcess.',
    });
  const seccomp = asObject(sc.seccompProfile).type;
  if (seccomp === 'Unconfined')
    out.push({
      rule: 'policy/seccomp-profile',
      field: child(child(path, 'seccompProfile'), 'type'),
      value: seccomp,
      message: 'seccomp is disabled (Unconfined)',
      hint: 'Use seccompProfile.type: RuntimeDefault.',
    });
  if (asObject(sc.appArmorProfile).type === 'Unconfined')
    out.push({
      rule: 'policy/apparmor-profile',
      field: child(child(path, 'appArmorProfile'), 'type'),
      value: 'Unconfined',
      message: 'AppArmor is disabled (Unconfined)',
      hint: 'Use appArmorProfile.type: RuntimeDefault.',
    });
  const se = asObject(sc.seLinuxOptions);
  if (typeof se.type === 'string' && !SELINUX_TYPES.has(se.type))
    out.push({
      rule: 'policy/selinux-options',
      field: child(child(path, 'seLinuxOptions'), 'type'),
      value: se.type,
      message: `SELinux type ${JSON.stringify(se.type)} is not a container type`,
      hint: 'Use container_t (or remove seLinuxOptions.type).',
    });
  for (const k of ['user', 'role']) {
    if (typeof se[k] === 'string' && se[k] !== '')
      out.push({
        rule: 'policy/selinux-options',
        field: child(child(path, 'seLinuxOptions'), k),
        value: se[k],
        message: `SELinux ${k} may not be set`,
        hint: `Remove seLinuxOptions.${k}.`,
      });
  }
  if (sc.runAsUser === 0 && !userNamespace)
    out.push({
      rule: 'policy/run-as-user',
      field: child(path, 'runAsUser'),
      value: 0,
      message: 'runs as user 0 (root)',
      hint: 'Use a non-zero user id, e.g. 65532, and an image that supports it.',
    });
}

function checkSysctls(podSc: Record<string, unknown>, path: string, out: Finding[]): void {
  asArray(podSc.sysctls).forEach((s, i) => {
    const name = asObject(s).name;
    if (typeof name === 'string' && !SAFE_SYSCTLS.has(name))
      out.push({
        rule: 'policy/sysctls',
        field: child(child(child(path, 'sysctls'), i), 'name'),
        value: name,
        message: `sysctl ${name} is not in the safe set`,
        hint: `Use only ${[...SAFE_SYSCTLS].join(', ')}.`,
      });
  });
}

function checkCapabilities(
  c: ContainerAt,
  sc: Record<string, unknown>,
  scPath: string,
  profile: 'restricted' | 'baseline',
  out: Finding[],
): void {
  const caps = asObject(sc.capabilities);
  const capPath = child(scPath, 'capabilities');
  const allowed = profile === 'restricted' ? RESTRICTED_CAPABILITIES : BASELINE_CAPABILITIES;
  asArray(caps.add).forEach((cap, i) => {
    if (typeof cap === 'string' && !allowed.has(cap))
      out.push({
        rule: 'policy/capabilities',
        field: child(child(capPath, 'add'), i),
        value: cap,
        message: `container ${JSON.stringify(c.container.name)} adds capability ${cap}`,
        hint:
          profile === 'restricted'
            ? 'Add only NET_BIND_SERVICE (or nothing).'
            : `Add only ${[...BASELINE_CAPABILITIES].join(', ')}.`,
      });
  });
  if (profile === 'restricted' && !asArray(caps.drop).includes('ALL')) {
    out.push({
      rule: 'policy/capabilities',
      field: child(capPath, 'drop'),
      value: caps.drop,
      message: `container ${JSON.stringify(c.container.name)} does not drop ALL capabilities`,
      hint: 'Set securityContext.capabilities.drop: ["ALL"].',
    });
  }
}

function checkRunAsNonRoot(
  podSc: Record<string, unknown>,
  podScPath: string,
  containers: ContainerAt[],
  out: Finding[],
): void {
  const podLevel = podSc.runAsNonRoot === true;
  const explicitFalse = containers.filter((c) => asObject(c.container.securityContext).runAsNonRoot === false);
  for (const c of explicitFalse)
    out.push({
      rule: 'policy/run-as-non-root',
      field: child(child(c.path, 'securityContext'), 'runAsNonRoot'),
      value: false,
      message: `container ${JSON.stringify(c.container.name)} sets runAsNonRoot: false`,
      hint: 'Set runAsNonRoot: true and use an image with a non-root USER.',
    });
  if (podLevel || explicitFalse.length > 0) return;
  const unset = containers.filter((c) => asObject(c.container.securityContext).runAsNonRoot !== true);
  if (unset.length > 0)
    out.push({
      rule: 'policy/run-as-non-root',
      field: child(podScPath, 'runAsNonRoot'),
      value: podSc.runAsNonRoot,
      message: `the pod does not set runAsNonRoot: true (nor do containers ${unset.map((c) => JSON.stringify(c.container.name)).join(', ')})`,
      hint: 'Set spec.securityContext.runAsNonRoot: true and use an image with a non-root USER.',
    });
}

function checkSeccompRestricted(
  podSc: Record<string, unknown>,
  podScPath: string,
  containers: ContainerAt[],
  out: Finding[],
): void {
  const ok = (t: unknown): boolean => t === 'RuntimeDefault' || t === 'Localhost';
  if (ok(asObject(podSc.seccompProfile).type)) return;
  if (podSc.seccompProfile !== undefined && asObject(podSc.seccompProfile).type === 'Unconfined') return; // reported already
  const unset = containers.filter(
    (c) => asObject(asObject(c.container.securityContext).seccompProfile).type === undefined,
  );
  if (unset.length > 0)
    out.push({
      rule: 'policy/seccomp-profile',
      field: child(child(podScPath, 'seccompProfile'), 'type'),
      message: `no seccomp profile is set for the pod (nor for containers ${unset.map((c) => JSON.stringify(c.container.name)).join(', ')})`,
      hint: 'Set spec.securityContext.seccompProfile.type: RuntimeDefault.',
    });
}
