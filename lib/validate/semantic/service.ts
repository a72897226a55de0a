import * as net from 'net';
import { Finding, asArray, asObject, asString } from '../finding';
import { parseCidr } from '../cidr';
import { dns1123Subdomain, qualifiedName } from '../../model/name-grammar';
import { duplicate, forbidden, invalid, isInt, MSG, notSupported, required } from './api-error';

/**
 * A Service as the API server checks it (core `ValidateService`, and the node port allocator's
 * range), after its defaults: type ClusterIP, sessionAffinity None, targetPort = port. Port names,
 * duplicate ports and named target ports are the grammar check's.
 */

/** The default `--service-node-port-range` of the API server. */
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;
/** The kubelet's port, which a LoadBalancer may not expose. */
const KUBELET_PORT = 10250;

function checkPorts(spec: Record<string, unknown>, type: string, out: Finding[]): void {
  const nodePorts = new Set<string>();
  const ports = asArray(spec.ports);
  for (let i = 0; i < ports.length; i++) {
    const port = asObject(ports[i]);
    const p = `spec.ports[${i}]`;
    if (isInt(port.port) && (port.port < 1 || port.port > 65535)) {
      out.push(
        invalid(
          'api/range',
          `${p}.port`,
          port.port,
          MSG.port,
          "Use a port from 1 to 65535 (the port clients connect to); the container's port goes in targetPort.",
        ),
      );
    }
    // targetPort 0 is defaulted to port.
    if (isInt(port.targetPort) && port.targetPort !== 0 && (port.targetPort < 1 || port.targetPort > 65535)) {
      out.push(
        invalid(
          'api/range',
          `${p}.targetPort`,
          port.targetPort,
          MSG.port,
          'Use the container port the pods listen on (1-65535), or its name.',
        ),
      );
    }
    const appProtocol = asString(port.appProtocol);
    if (appProtocol !== undefined)
      for (const msg of qualifiedName(appProtocol))
        out.push(
          invalid(
            'api/format',
            `${p}.appProtocol`,
            appProtocol,
            msg,
            'Use a protocol name like "http", "h2c" or "kubernetes.io/ws".',
          ),
        );
    const nodePort = port.nodePort;
    if (!isInt(nodePort) || nodePort === 0) continue;
    if (type === 'ClusterIP') {
      out.push(
        forbidden(
          'api/combination',
          `${p}.nodePort`,
          "may not be used when `type` is 'ClusterIP'",
          'Remove nodePort, or set spec.type to NodePort (or LoadBalancer) to expose the port on every node.',
        ),
      );
      continue;
    }
    if (nodePort < 1 || nodePort > 65535) {
      out.push(
        invalid(
          'api/range',
          `${p}.nodePort`,
          nodePort,
          MSG.port,
          `Use a port from ${NODE_PORT_MIN} to ${NODE_PORT_MAX}, or remove nodePort to get one allocated.`,
        ),
      );
    } else if (nodePort < NODE_PORT_MIN || nodePort > NODE_PORT_MAX) {
      out.push(
        invalid(
          'api/range',
          `${p}.nodePort`,
          nodePort,
          `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
          `Node ports come from the cluster's --service-node-port-range (${NODE_PORT_MIN}-${NODE_PORT_MAX} by default): pick one in it, or remove nodePort to get one allocated.`,
        ),
      );
    }
    const id = `${asString(port.protocol) ?? 'TCP'}/${nodePort}`;
    if (nodePorts.has(id))
      out.push(duplicate('api/combination', `${p}.nodePort`, nodePort, 'Give each port its own nodePort.'));
    nodePorts.add(id);
  }
}

function checkClusterIps(spec: Record<string, unknown>, type: string, out: Finding[]): void {
  const clusterIP = asString(spec.clusterIP) ?? '';
  const given = asArray(spec.clusterIPs);
  // The API server fills clusterIPs from clusterIP when only the latter is given.
  const ips = given.length > 0 ? given : clusterIP ? [clusterIP] : [];
  if (type === 'ExternalName') {
    if (ips.length > 0)
      out.push(
        forbidden(
          'api/combination',
          'spec.clusterIPs',
          'may not be set for ExternalName services',
          'An ExternalName Service is a DNS alias without a cluster IP: remove clusterIP.',
        ),
      );
    return;
  }
  if (clusterIP && given.length > 0 && given[0] !== clusterIP) {
    out.push(
      invalid(
        'api/combination',
        'spec.clusterIPs',
        spec.clusterIPs,
        'first value must match `clusterIP`',
        'Set only clusterIP, or make clusterIPs[0] equal to it.',
      ),
    );
  }
  if (ips[0] === 'None' && (type === 'LoadBalancer' || type === 'NodePort')) {
    out.push(
      invalid(
        'api/combination',
        'spec.clusterIPs[0]',
        'None',
        `may not be set to 'None' for ${type} services`,
        'A headless Service has no virtual IP to expose on nodes: remove clusterIP: None, or use type ClusterIP.',
      ),
    );
  }
  ips.forEach((ip, i) => {
    if (typeof ip !== 'string' || (i === 0 && ip === 'None')) return;
    if (net.isIP(ip) === 0)
      out.push(
        invalid(
          'api/format',
          `spec.clusterIPs[${i}]`,
          ip,
          MSG.ip,
          'Use an IP of the cluster\'s service range, "None" for a headless Service, or leave it empty to get one allocated.',
        ),
      );
  });
}

/** Checks a Service (core group). */
export function checkService(o: Record<string, unknown>, out: Finding[]): void {
  const spec = asObject(o.spec);
  const type = asString(spec.type) ?? 'ClusterIP';
  const headless = spec.clusterIP === 'None' || asArray(spec.clusterIPs)[0] === 'None';
  if (asArray(spec.ports).length === 0 && !headless && type !== 'ExternalName') {
    out.push(
      required(
        'api/required',
        'spec.ports',
        '',
        'Give the Service at least one port, or make it headless (clusterIP: None).',
      ),
    );
  }
  if (type === 'LoadBalancer') {
    asArray(spec.ports).forEach((pt, i) => {
      if (asObject(pt).port === KUBELET_PORT)
        out.push(
          invalid(
            'api/range',
            `spec.ports[${i}]`,
            KUBELET_PORT,
            `may not expose port ${KUBELET_PORT} externally since it is used by kubelet`,
            'Expose another port and point targetPort at 10250 if you must.',
          ),
        );
    });
  }
  if (type === 'ExternalName') {
    const name = (asString(spec.externalName) ?? '').replace(/\.$/, '');
    if (name === '')
      out.push(
        required(
          'api/required',
          'spec.externalName',
          '',
          'Give the DNS name the Service aliases, e.g. db.example.com.',
        ),
      );
    else
      for (const msg of dns1123Subdomain(name))
        out.push(
          invalid('api/format', 'spec.externalName', name, msg, 'Use a DNS name such as db.example.com (lower case).'),
        );
    for (const f of ['ipFamilies', 'ipFamilyPolicy']) {
      if (spec[f] !== undefined && spec[f] !== null && !(Array.isArray(spec[f]) && asArray(spec[f]).length === 0)) {
        out.push(
          forbidden(
            'api/combination',
            `spec.${f}`,
            'may not be set for ExternalName services',
            `Remove ${f}: an ExternalName Service has no IP.`,
          ),
        );
      }
    }
  }
  checkPorts(spec, type, out);
  checkClusterIps(spec, type, out);
  if (spec.sessionAffinity === 'ClientIP') {
    const timeout = asObject(asObject(spec.sessionAffinityConfig).clientIP).timeoutSeconds;
    if (isInt(timeout) && (timeout <= 0 || timeout > 86400)) {
      out.push(
        invalid(
          'api/range',
          'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
          timeout,
          'must be greater than 0 and less than 86400',
          'Use 1 to 86400 seconds (the default is 10800).',
        ),
      );
    }
  } else if (spec.sessionAffinityConfig !== undefined && spec.sessionAffinityConfig !== null) {
    out.push(
      forbidden(
        'api/combination',
        'spec.sessionAffinityConfig',
        'must not be set when session affinity is None',
        'Set sessionAffinity: ClientIP, or remove sessionAffinityConfig.',
      ),
    );
  }
  asArray(spec.externalIPs).forEach((ip, i) => {
    if (typeof ip === 'string' && net.isIP(ip) === 0)
      out.push(invalid('api/format', `spec.externalIPs[${i}]`, ip, MSG.ip, 'externalIPs are IP addresses.'));
  });
  const ranges = asArray(spec.loadBalancerSourceRanges);
  if (ranges.length > 0) {
    // Upstream's own spelling of the field in this message.
    if (type !== 'LoadBalancer')
      out.push(
        forbidden(
          'api/combination',
          'spec.LoadBalancerSourceRanges',
          "may only be used when `type` is 'LoadBalancer'",
          'Remove loadBalancerSourceRanges, or set type: LoadBalancer.',
        ),
      );
    ranges.forEach((r, i) => {
      if (typeof r === 'string' && typeof parseCidr(r.trim()) === 'string')
        out.push(
          invalid(
            'api/format',
            `spec.LoadBalancerSourceRanges[${i}]`,
            r.trim(),
            'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
            'Write a CIDR such as 203.0.113.0/24.',
          ),
        );
    });
  }
  if (
    spec.allocateLoadBalancerNodePorts !== undefined &&
    spec.allocateLoadBalancerNodePorts !== null &&
    type !== 'LoadBalancer'
  ) {
    out.push(
      forbidden(
        'api/combination',
        'spec.allocateLoadBalancerNodePorts',
        "may only be used when `type` is 'LoadBalancer'",
        'Remove it, or set type: LoadBalancer.',
      ),
    );
  }
  const external =
    type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && asArray(spec.externalIPs).length > 0);
  if (
    !external &&
    spec.externalTrafficPolicy !== undefined &&
    spec.externalTrafficPolicy !== null &&
    spec.externalTrafficPolicy !== ''
  ) {
    out.push(
      invalid(
        'api/combination',
        'spec.externalTrafficPolicy',
        spec.externalTrafficPolicy,
        'may only be set for externally-accessible services',
        'Remove externalTrafficPolicy: it applies to NodePort and LoadBalancer Services (use internalTrafficPolicy inside the cluster).',
      ),
    );
  }
  const needsHealthCheck = type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
  if (!needsHealthCheck && isInt(spec.healthCheckNodePort) && spec.healthCheckNodePort !== 0) {
    out.push(
      invalid(
        'api/combination',
        'spec.healthCheckNodePort',
        spec.healthCheckNodePort,
        "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        'Remove healthCheckNodePort.',
      ),
    );
  }
  if (
    spec.trafficDistribution !== undefined &&
    spec.trafficDistribution !== null &&
    spec.trafficDistribution !== 'PreferClose'
  ) {
    out.push(
      notSupported(
        'api/format',
        'spec.trafficDistribution',
        spec.trafficDistribution,
        ['PreferClose'],
        'Use PreferClose, or remove trafficDistribution.',
      ),
    );
  }
}
