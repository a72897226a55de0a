import { checkResourceClaims } from './resource-claims';
import { checkHostUsers } from './user-namespaces';
import * as net from 'net';
import { Finding, asArray, asObject, asString } from '../finding';
import { dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from '../../model/name-grammar';
import { duplicate, forbidden, inclusiveRange, invalid, isInt, MSG, required } from './api-error';
import { checkIds, checkInitContainer, checkRegularContainer, checkContainerCommon, PodFacts } from './containers';
import { checkLabelMap, checkLabelSelector } from './selectors';
import { checkNodeSelector, checkNodeSelectorTerm } from './storage';
import { checkVolumes } from './volumes';
import { isRecord } from '../../model/is-record';

/**
 * A PodSpec as the API server checks it (core `ValidatePodSpec`), in a Pod or in any workload's
 * template: volumes, containers, host networking, DNS, tolerations, spreading and affinity.
 */

/** Service account names seen valid (every workload names one; a platform has a few). */
const validNames = new Set<string>();

/** Checks the PodSpec `spec` at `path`; `isPod` when the object is a Pod rather than a template. */
export function checkPodSpec(spec: Record<string, unknown>, path: string, isPod: boolean, out: Finding[]): void {
  // Each check runs only when its fields are there: this runs for every workload of a synth.
  const grace = spec.terminationGracePeriodSeconds;
  const restartPolicy = typeof spec.restartPolicy === 'string' ? spec.restartPolicy : 'Always';
  const pod: PodFacts = { gracePeriod: isInt(grace) ? grace : 30, isPod, restartPolicy };
  if (spec.volumes !== undefined) checkVolumes(spec.volumes, `${path}.volumes`, out);
  let hostPorts = spec.hostNetwork === true;
  const containers = spec.containers;
  if (Array.isArray(containers)) {
    if (containers.length === 0)
      out.push(
        required(
          'api/workload',
          `${path}.containers`,
          '',
          'A pod needs at least one container: add one (name, image).',
        ),
      );
    for (let i = 0; i < containers.length; i++) {
      const c: unknown = containers[i];
      if (isRecord(c)) hostPorts = checkRegularContainer(c, `${path}.containers[${i}]`, pod, out) || hostPorts;
    }
  }
  const init = spec.initContainers;
  if (Array.isArray(init)) {
    for (let i = 0; i < init.length; i++) {
      const c: unknown = init[i];
      if (isRecord(c)) hostPorts = checkInitContainer(c, `${path}.initContainers[${i}]`, pod, out) || hostPorts;
    }
  }
  if (spec.ephemeralContainers !== undefined) {
    const ephemeral = asArray(spec.ephemeralContainers);
    if (ephemeral.length > 0 && !isPod) {
      out.push(
        forbidden(
          'api/workload',
          `${path}.ephemeralContainers`,
          'ephemeral containers not allowed in pod template',
          'Remove them: ephemeral containers are added to running pods with kubectl debug.',
        ),
      );
    } else {
      ephemeral.forEach((c, i) => {
        if (isRecord(c)) checkContainerCommon(c, `${path}.ephemeralContainers[${i}]`, pod, out);
      });
    }
  }
  checkResourceClaims(spec, path, out);
  checkHostUsers(spec, path, out);
  if (hostPorts) checkHostPorts(spec, path, out);
  if (spec.dnsConfig !== undefined || spec.dnsPolicy === 'None') checkDns(spec, path, out);
  if (spec.securityContext !== undefined || spec.shareProcessNamespace === true) checkSecurityContext(spec, path, out);
  if (spec.tolerations !== undefined) checkTolerations(spec.tolerations, `${path}.tolerations`, out);
  if (spec.topologySpreadConstraints !== undefined)
    checkTopologySpread(spec.topologySpreadConstraints, `${path}.topologySpreadConstraints`, out);
  if (spec.affinity !== undefined) checkAffinity(spec.affinity, `${path}.affinity`, out);
  if (isRecord(spec.nodeSelector)) checkLabelMap(spec.nodeSelector, `${path}.nodeSelector`, out);
  const deadline = spec.activeDeadlineSeconds;
  if (isInt(deadline) && (deadline < 1 || deadline > 2147483647)) {
    out.push(
      invalid(
        'api/range',
        `${path}.activeDeadlineSeconds`,
        deadline,
        inclusiveRange(1, 2147483647),
        'Give the pod at least 1 second, or remove activeDeadlineSeconds.',
      ),
    );
  }
  if (typeof spec.hostname === 'string' && spec.hostname !== '')
    checkDnsLabel(spec.hostname, `${path}.hostname`, 'hostname', out);
  if (typeof spec.subdomain === 'string' && spec.subdomain !== '')
    checkDnsLabel(spec.subdomain, `${path}.subdomain`, 'subdomain', out);
  const sa = spec.serviceAccountName;
  if (typeof sa === 'string' && sa !== '' && !validNames.has(sa)) {
    const errs = dns1123Subdomain(sa);
    for (const msg of errs)
      out.push(
        invalid(
          'api/format',
          `${path}.serviceAccountName`,
          sa,
          msg,
          'Name a ServiceAccount (lower-case letters, digits, "-" and ".").',
        ),
      );
    if (errs.length === 0 && validNames.size < 4096) validNames.add(sa);
  }
}

function checkDnsLabel(v: string, path: string, f: string, out: Finding[]): void {
  for (const msg of dns1123Label(v))
    out.push(
      invalid(
        'api/format',
        path,
        v,
        msg,
        `${f} is a DNS label: lower-case letters, digits and "-", at most 63 characters.`,
      ),
    );
}

/**
 * Host ports: with `hostNetwork` a container port is the host's, so a hostPort must equal its
 * containerPort; and no two containers may claim the same host port.
 */
function checkHostPorts(spec: Record<string, unknown>, path: string, out: Finding[]): void {
  const hostNetwork = spec.hostNetwork === true;
  const seen = new Set<string>();
  const scan = (list: string, perContainer: boolean): void => {
    asArray(spec[list]).forEach((c, i) => {
      if (perContainer) seen.clear();
      asArray(asObject(c).ports).forEach((pt, j) => {
        const port = asObject(pt);
        const p = `${path}.${list}[${i}].ports[${j}]`;
        if (
          list === 'containers' &&
          hostNetwork &&
          isInt(port.hostPort) &&
          port.hostPort !== 0 &&
          port.hostPort !== port.containerPort
        ) {
          out.push(
            invalid(
              'api/combination',
              `${p}.hostPort`,
              port.hostPort,
              'must match `containerPort` when `hostNetwork` is true',
              `With hostNetwork the container listens on the host: set hostPort to ${String(port.containerPort)} or remove it.`,
            ),
          );
        }
        if (!isInt(port.hostPort) || port.hostPort === 0) return;
        const id = `${asString(port.protocol) ?? 'TCP'}/${asString(port.hostIP) ?? ''}/${port.hostPort}`;
        if (seen.has(id))
          out.push(
            duplicate(
              'api/combination',
              `${p}.hostPort`,
              id,
              'Two containers of the pod claim this host port: give each its own.',
            ),
          );
        seen.add(id);
      });
    });
  };
  scan('containers', false);
  // Init containers run one at a time: only ports within one of them conflict.
  scan('initContainers', true);
}

function checkDns(spec: Record<string, unknown>, path: string, out: Finding[]): void {
  const config = spec.dnsConfig;
  const p = `${path}.dnsConfig`;
  if (spec.dnsPolicy === 'None') {
    if (!isRecord(config)) {
      out.push(
        required(
          'api/required',
          p,
          'must provide `dnsConfig` when `dnsPolicy` is None',
          'Give dnsConfig.nameservers, or use dnsPolicy ClusterFirst.',
        ),
      );
      return;
    }
    if (asArray(config.nameservers).length === 0) {
      out.push(
        required(
          'api/required',
          `${p}.nameservers`,
          'must provide at least one DNS nameserver when `dnsPolicy` is None',
          'List at least one nameserver IP.',
        ),
      );
      return;
    }
  }
  if (!isRecord(config)) return;
  const servers = asArray(config.nameservers);
  if (servers.length > 3)
    out.push(
      invalid(
        'api/range',
        `${p}.nameservers`,
        servers,
        'must not have more than 3 nameservers',
        'Keep at most 3 nameservers (the resolver reads no more).',
      ),
    );
  servers.forEach((s, i) => {
    if (typeof s === 'string' && net.isIP(s) === 0)
      out.push(invalid('api/format', `${p}.nameservers[${i}]`, s, MSG.ip, 'Nameservers are IP addresses.'));
  });
  const searches = asArray(config.searches);
  if (searches.length > 32)
    out.push(
      invalid(
        'api/range',
        `${p}.searches`,
        searches,
        'must not have more than 32 search paths',
        'Keep at most 32 search domains.',
      ),
    );
}

function checkSecurityContext(spec: Record<string, unknown>, path: string, out: Finding[]): void {
  const p = `${path}.securityContext`;
  // The API server keeps these two in the pod's security context.
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    out.push(
      invalid(
        'api/combination',
        `${p}.shareProcessNamespace`,
        true,
        'ShareProcessNamespace and HostPID cannot both be enabled',
        "Keep one: hostPID already shares the host's processes.",
      ),
    );
  }
  if (!isRecord(spec.securityContext)) return;
  const sc = spec.securityContext;
  checkIds(sc, p, ['runAsUser', 'runAsGroup', 'fsGroup'], out);
  asArray(sc.supplementalGroups).forEach((g, i) => {
    if (isInt(g) && (g < 0 || g > 2147483647))
      out.push(
        invalid(
          'api/range',
          `${p}.supplementalGroups[${i}]`,
          g,
          'must be between 0 and 2147483647, inclusive',
          'Use a group id from 0 to 2147483647.',
        ),
      );
  });
  const seccomp = asObject(sc.seccompProfile);
  if (seccomp.type === 'Localhost' && seccomp.localhostProfile === undefined) {
    out.push(
      required(
        'api/required',
        `${p}.seccompProfile.localhostProfile`,
        'must be set when seccomp type is Localhost',
        "Name the profile file under the kubelet's seccomp directory, or use type RuntimeDefault.",
      ),
    );
  } else if (seccomp.type !== undefined && seccomp.type !== 'Localhost' && seccomp.localhostProfile !== undefined) {
    out.push(
      invalid(
        'api/combination',
        `${p}.seccompProfile.localhostProfile`,
        seccomp,
        'can only be set when seccomp type is Localhost',
        'Remove localhostProfile, or set type: Localhost.',
      ),
    );
  }
  const names = new Set<string>();
  asArray(sc.sysctls).forEach((s, i) => {
    const name = asString(asObject(s).name);
    if (name === undefined) return;
    if (names.has(name))
      out.push(duplicate('api/combination', `${p}.sysctls[${i}].name`, name, 'Set each sysctl once.'));
    names.add(name);
    if (spec.hostNetwork === true && name.startsWith('net.')) {
      out.push(
        invalid(
          'api/combination',
          `${p}.sysctls[${i}].name`,
          name,
          "may not be specified when 'hostNetwork' is true",
          "A network sysctl would change the host's network namespace: remove it or hostNetwork.",
        ),
      );
    }
  });
}

function checkTolerations(tolerations: unknown, path: string, out: Finding[]): void {
  asArray(tolerations).forEach((t, i) => {
    const tol = asObject(t);
    const p = `${path}[${i}]`;
    const k = asString(tol.key) ?? '';
    if (k !== '')
      for (const msg of qualifiedName(k))
        out.push(invalid('api/format', `${p}.key`, k, msg, 'Use the taint\'s key, e.g. "nvidia.com/gpu".'));
    if (k === '' && tol.operator !== 'Exists') {
      out.push(
        invalid(
          'api/combination',
          `${p}.operator`,
          tol.operator ?? '',
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
          'Give the taint key to tolerate, or set operator: Exists to tolerate every taint.',
        ),
      );
    }
    if (tol.tolerationSeconds !== undefined && tol.tolerationSeconds !== null && tol.effect !== 'NoExecute') {
      out.push(
        invalid(
          'api/combination',
          `${p}.effect`,
          tol.effect ?? '',
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
          'tolerationSeconds is how long the pod stays on a node after a NoExecute taint: set effect: NoExecute, or remove it.',
        ),
      );
    }
    const value = asString(tol.value) ?? '';
    if (tol.operator === 'Exists' && value !== '') {
      out.push(
        invalid(
          'api/combination',
          `${p}.operator`,
          tol,
          "value must be empty when `operator` is 'Exists'",
          'Remove value, or use operator: Equal.',
        ),
      );
    } else if (tol.operator !== 'Exists') {
      for (const msg of labelValue(value))
        out.push(
          invalid(
            'api/format',
            `${p}.operator`,
            value,
            msg,
            'A toleration value is a label value: at most 63 letters, digits, "-", "_" or ".".',
          ),
        );
    }
  });
}

function checkTopologySpread(constraints: unknown, path: string, out: Finding[]): void {
  const list = asArray(constraints).map(asObject);
  list.forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (isInt(c.maxSkew) && c.maxSkew <= 0)
      out.push(
        invalid(
          'api/range',
          `${p}.maxSkew`,
          c.maxSkew,
          MSG.positive,
          'maxSkew is the largest difference allowed between domains: use 1 or more.',
        ),
      );
    if (c.topologyKey === '')
      out.push(
        required(
          'api/required',
          `${p}.topologyKey`,
          'can not be empty',
          'Spread over a node label, e.g. topology.kubernetes.io/zone or kubernetes.io/hostname.',
        ),
      );
    if (list.slice(i + 1).some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable)) {
      out.push(
        duplicate(
          'api/combination',
          `${p}.{topologyKey, whenUnsatisfiable}`,
          `{${String(c.topologyKey)}, ${String(c.whenUnsatisfiable)}}`,
          'Keep one constraint per topology key and whenUnsatisfiable.',
        ),
      );
    }
    if (isInt(c.minDomains)) {
      if (c.minDomains <= 0)
        out.push(
          invalid('api/range', `${p}.minDomains`, c.minDomains, MSG.positive, 'Use 1 or more, or remove minDomains.'),
        );
      if (c.whenUnsatisfiable !== 'DoNotSchedule') {
        out.push(
          invalid(
            'api/combination',
            `${p}.minDomains`,
            c.minDomains,
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${String(c.whenUnsatisfiable)}`,
            'Set whenUnsatisfiable: DoNotSchedule, or remove minDomains.',
          ),
        );
      }
    }
    if (asArray(c.matchLabelKeys).length > 0 && !isRecord(c.labelSelector)) {
      out.push(
        forbidden(
          'api/combination',
          `${p}.matchLabelKeys`,
          'must not be specified when labelSelector is not set',
          'Add a labelSelector for the pods to count, or remove matchLabelKeys.',
        ),
      );
    }
    checkLabelSelector(c.labelSelector, `${p}.labelSelector`, out);
  });
}

function checkWeight(w: unknown, path: string, out: Finding[]): void {
  if (isInt(w) && (w <= 0 || w > 100))
    out.push(invalid('api/range', path, w, 'must be in the range 1-100', 'Weights go from 1 to 100.'));
}

function checkPodAffinityTerm(term: Record<string, unknown>, path: string, out: Finding[]): void {
  checkLabelSelector(term.labelSelector, `${path}.labelSelector`, out);
  checkLabelSelector(term.namespaceSelector, `${path}.namespaceSelector`, out);
  if (term.topologyKey === '' || term.topologyKey === undefined) {
    out.push(
      required(
        'api/required',
        `${path}.topologyKey`,
        'can not be empty',
        'Name the node label that defines "together", e.g. kubernetes.io/hostname or topology.kubernetes.io/zone.',
      ),
    );
  }
}

function checkAffinity(affinity: unknown, path: string, out: Finding[]): void {
  if (!isRecord(affinity)) return;
  const node = asObject(affinity.nodeAffinity);
  if (isRecord(node.requiredDuringSchedulingIgnoredDuringExecution)) {
    checkNodeSelector(
      node.requiredDuringSchedulingIgnoredDuringExecution,
      `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`,
      out,
    );
  }
  asArray(node.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
    const p = `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    checkWeight(asObject(t).weight, `${p}.weight`, out);
    checkNodeSelectorTerm(asObject(t).preference, `${p}.preference`, out);
  });
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = asObject(affinity[kind]);
    const p = `${path}.${kind}`;
    asArray(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
      checkPodAffinityTerm(asObject(t), `${p}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`, out),
    );
    asArray(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const wp = `${p}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      checkWeight(asObject(t).weight, `${wp}.weight`, out);
      checkPodAffinityTerm(asObject(asObject(t).podAffinityTerm), `${wp}.podAffinityTerm`, out);
    });
  }
}
