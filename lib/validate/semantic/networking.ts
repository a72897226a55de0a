import * as net from 'net';
import { Finding, asArray, asObject, asString } from '../finding';
import { dns1035Label, dns1123Subdomain, ianaSvcName } from '../../model/name-grammar';
import { forbidden, invalid, isInt, MSG, required } from './api-error';
import { checkLabelSelector } from './selectors';
import { isRecord } from '../../model/is-record';

/**
 * The networking.k8s.io kinds (networking `ValidateIngressSpec`, `ValidateNetworkPolicySpec`).
 * NetworkPolicy CIDRs are the grammar check's.
 */

/** A DNS subdomain with at most one leading `*.` (Ingress hosts). */
function hostErrors(host: string): string[] {
  if (!host.includes('*')) return dns1123Subdomain(host);
  if (!host.startsWith('*.') || host.slice(2).includes('*')) {
    return [
      "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
    ];
  }
  return dns1123Subdomain(host.slice(2));
}

const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];

function checkBackend(backend: Record<string, unknown>, path: string, out: Finding[]): void {
  const hasResource = isRecord(backend.resource);
  const hasService = isRecord(backend.service);
  if (hasResource && hasService) {
    out.push(
      invalid(
        'api/one-of',
        path,
        '',
        'cannot set both resource and service backends',
        'Send the traffic to a service or to a resource, not both.',
      ),
    );
    return;
  }
  if (!hasResource && !hasService) {
    out.push(
      invalid(
        'api/one-of',
        path,
        '',
        'resource or service backend is required',
        'Give the backend a service: { name, port: { number } }.',
      ),
    );
    return;
  }
  if (!hasService) return;
  const service = asObject(backend.service);
  const name = asString(service.name);
  if (name === '')
    out.push(required('api/required', `${path}.service.name`, '', 'Name the Service to send the traffic to.'));
  else if (name !== undefined)
    for (const msg of dns1035Label(name))
      out.push(invalid('api/format', `${path}.service.name`, name, msg, "Name a Service of the Ingress's namespace."));
  const port = asObject(service.port);
  const portName = asString(port.name) ?? '';
  const number = isInt(port.number) ? port.number : 0;
  if (portName !== '' && number !== 0) {
    out.push(
      invalid(
        'api/one-of',
        path,
        '',
        'cannot set both port name & port number',
        'Give the Service port by name or by number, not both.',
      ),
    );
  } else if (portName !== '') {
    for (const msg of ianaSvcName(portName))
      out.push(
        invalid('api/format', `${path}.service.port.name`, portName, msg, 'Use the name of a port of the Service.'),
      );
  } else if (number !== 0) {
    if (number < 1 || number > 65535)
      out.push(
        invalid('api/range', `${path}.service.port.number`, number, MSG.port, "Use the Service's port (1-65535)."),
      );
  } else {
    out.push(
      required(
        'api/one-of',
        path,
        'port name or number is required',
        'Give service.port.number (or service.port.name) of the Service.',
      ),
    );
  }
}

function checkPath(entry: Record<string, unknown>, path: string, out: Finding[]): void {
  const value = asString(entry.path) ?? '';
  const type = entry.pathType;
  if (type === 'Exact' || type === 'Prefix') {
    if (!value.startsWith('/')) out.push(notAbsolute(path, value));
    if (value !== '') {
      for (const seq of INVALID_SEQUENCES)
        if (value.includes(seq))
          out.push(
            invalid(
              'api/format',
              `${path}.path`,
              value,
              `must not contain '${seq}'`,
              'Write the path in its normal form (no "//", ".", ".." or encoded "/").',
            ),
          );
      for (const suffix of INVALID_SUFFIXES)
        if (value.endsWith(suffix))
          out.push(
            invalid(
              'api/format',
              `${path}.path`,
              value,
              `cannot end with '${suffix}'`,
              'Write the path in its normal form (no trailing "/." or "/..").',
            ),
          );
    }
  } else if (type === 'ImplementationSpecific' && value !== '' && !value.startsWith('/')) {
    out.push(notAbsolute(path, value));
  }
  checkBackend(asObject(entry.backend), `${path}.backend`, out);
}

/** An Ingress. */
export function checkIngress(o: Record<string, unknown>, out: Finding[]): void {
  const spec = asObject(o.spec);
  const rules = asArray(spec.rules);
  if (rules.length === 0 && !isRecord(spec.defaultBackend)) {
    out.push(
      invalid(
        'api/one-of',
        'spec',
        null,
        'either `defaultBackend` or `rules` must be specified',
        'Route some traffic: add rules (host and paths) or a defaultBackend.',
      ),
    );
  }
  if (isRecord(spec.defaultBackend)) checkBackend(spec.defaultBackend, 'spec.defaultBackend', out);
  rules.forEach((r, i) => {
    const rule = asObject(r);
    const p = `spec.rules[${i}]`;
    const host = asString(rule.host);
    if (host) {
      if (net.isIP(host) !== 0)
        out.push(
          invalid(
            'api/format',
            `${p}.host`,
            host,
            'must be a DNS name, not an IP address',
            'Use a host name; to match any host, leave host out.',
          ),
        );
      else
        for (const msg of hostErrors(host))
          out.push(
            invalid(
              'api/format',
              `${p}.host`,
              host,
              msg,
              'Use a lower-case DNS name, e.g. shop.example.com or *.example.com.',
            ),
          );
    }
    if (!isRecord(rule.http)) return;
    const paths = asArray(rule.http.paths);
    if (paths.length === 0)
      out.push(
        required(
          'api/required',
          `${p}.http.paths`,
          '',
          'Give at least one path, e.g. { path: /, pathType: Prefix, backend: ... }.',
        ),
      );
    paths.forEach((entry, j) => checkPath(asObject(entry), `${p}.http.paths[${j}]`, out));
  });
  asArray(spec.tls).forEach((t, i) => {
    const tls = asObject(t);
    asArray(tls.hosts).forEach((h, j) => {
      if (typeof h !== 'string') return;
      for (const msg of hostErrors(h))
        out.push(
          invalid(
            'api/format',
            `spec.tls[${i}].hosts[${j}]`,
            h,
            msg,
            'Use a lower-case DNS name, e.g. shop.example.com.',
          ),
        );
    });
    const secret = asString(tls.secretName);
    if (secret)
      for (const msg of dns1123Subdomain(secret))
        out.push(
          invalid(
            'api/format',
            `spec.tls[${i}].secretName`,
            secret,
            msg,
            'Name the Secret of type kubernetes.io/tls that holds the certificate.',
          ),
        );
  });
  const cls = asString(spec.ingressClassName);
  if (cls !== undefined)
    for (const msg of dns1123Subdomain(cls))
      out.push(invalid('api/format', 'spec.ingressClassName', cls, msg, 'Name an IngressClass, e.g. nginx.'));
}

function checkPolicyPort(port: Record<string, unknown>, path: string, out: Finding[]): void {
  const p = port.port;
  const end = port.endPort;
  if (isInt(p)) {
    if (p < 1 || p > 65535) out.push(invalid('api/range', `${path}.port`, p, MSG.port, 'Use a port from 1 to 65535.'));
    if (isInt(end)) {
      if (end < p)
        out.push(
          invalid(
            'api/range',
            `${path}.endPort`,
            p,
            'must be greater than or equal to `port`',
            `endPort closes the range that port opens: use ${p} or more.`,
          ),
        );
      if (end < 1 || end > 65535)
        out.push(invalid('api/range', `${path}.endPort`, end, MSG.port, 'Use a port from 1 to 65535.'));
    }
  } else if (typeof p === 'string') {
    if (isInt(end))
      out.push(
        invalid(
          'api/combination',
          `${path}.endPort`,
          end,
          'may not be specified when `port` is non-numeric',
          'A port range needs numbers: give port as a number, or remove endPort.',
        ),
      );
    for (const msg of ianaSvcName(p))
      out.push(invalid('api/format', `${path}.port`, p, msg, 'Use a port number, or the name of a container port.'));
  } else if (isInt(end)) {
    out.push(
      invalid(
        'api/combination',
        `${path}.endPort`,
        end,
        'may not be specified when `port` is not specified',
        'Give port (the start of the range), or remove endPort.',
      ),
    );
  }
}

function checkPeer(peer: Record<string, unknown>, path: string, out: Finding[]): void {
  const kinds = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => isRecord(peer[k]));
  if (kinds.length === 0)
    out.push(
      required(
        'api/one-of',
        path,
        'must specify a peer',
        'Give podSelector, namespaceSelector or ipBlock; to allow everything, leave the from/to list out.',
      ),
    );
  else if (kinds.length > 1 && kinds.includes('ipBlock'))
    out.push(
      forbidden(
        'api/one-of',
        path,
        'may not specify both ipBlock and another peer',
        'Put ipBlock in a peer of its own: pods and address ranges are separate peers.',
      ),
    );
  checkLabelSelector(peer.podSelector, `${path}.podSelector`, out);
  checkLabelSelector(peer.namespaceSelector, `${path}.namespaceSelector`, out);
  if (isRecord(peer.ipBlock) && peer.ipBlock.cidr === '')
    out.push(required('api/required', `${path}.ipBlock.cidr`, '', 'Give the address range, e.g. 10.0.0.0/8.'));
}

/** A NetworkPolicy. */
export function checkNetworkPolicy(o: Record<string, unknown>, out: Finding[]): void {
  const spec = asObject(o.spec);
  checkLabelSelector(spec.podSelector, 'spec.podSelector', out);
  for (const [dir, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    asArray(spec[dir]).forEach((r, i) => {
      const rule = asObject(r);
      const p = `spec.${dir}[${i}]`;
      asArray(rule.ports).forEach((pt, j) => checkPolicyPort(asObject(pt), `${p}.ports[${j}]`, out));
      asArray(rule[peers]).forEach((peer, j) => checkPeer(asObject(peer), `${p}.${peers}[${j}]`, out));
    });
  }
  const types = asArray(spec.policyTypes);
  if (types.length > 2)
    out.push(
      invalid(
        'api/range',
        'spec.policyTypes',
        types,
        'may not specify more than two policyTypes',
        'List Ingress, Egress or both, once each.',
      ),
    );
}

/** An Ingress path that does not start with "/". */
function notAbsolute(path: string, value: string): Finding {
  return invalid(
    'api/format',
    `${path}.path`,
    value,
    'must be an absolute path',
    `Start the path with "/", e.g. ${JSON.stringify(`/${value}`)}.`,
  );
}
