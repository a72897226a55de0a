import { Doc, ingress, networkPolicy, SemanticCase, service } from './bases';

/** Services, Ingresses and NetworkPolicies (core `ValidateService`, networking validation). */

const PORT = 'must be between 1 and 65535, inclusive';

function c(
  name: string,
  manifest: () => Doc,
  defect: (m: Doc) => void,
  expect: string | readonly string[],
): SemanticCase {
  return { name, manifest, defect, expect };
}

const P0 = 'spec.rules[0].http.paths[0]';

export const serviceCases: readonly SemanticCase[] = [
  c(
    'Service port 70000',
    service,
    (m) => {
      m.spec.ports[0].port = 70000;
    },
    `spec.ports[0].port: Invalid value: 70000: ${PORT}`,
  ),
  c(
    'Service port 0',
    service,
    (m) => {
      m.spec.ports[0].port = 0;
    },
    `spec.ports[0].port: Invalid value: 0: ${PORT}`,
  ),
  c(
    'Service targetPort 70000',
    service,
    (m) => {
      m.spec.ports[0].targetPort = 70000;
    },
    `spec.ports[0].targetPort: Invalid value: 70000: ${PORT}`,
  ),
  c(
    'nodePort on a ClusterIP Service',
    service,
    (m) => {
      m.spec.ports[0].nodePort = 30080;
    },
    "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
  ),
  c(
    'nodePort outside the node port range',
    service,
    (m) => {
      m.spec.type = 'NodePort';
      m.spec.ports[0].nodePort = 8080;
    },
    'spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
  ),
  c(
    'nodePort above 65535',
    service,
    (m) => {
      m.spec.type = 'LoadBalancer';
      m.spec.ports[0].nodePort = 70000;
    },
    `spec.ports[0].nodePort: Invalid value: 70000: ${PORT}`,
  ),
  c(
    'two ports on one nodePort',
    service,
    (m) => {
      m.spec.type = 'NodePort';
      m.spec.ports = [
        { name: 'http', port: 80, nodePort: 30080 },
        { name: 'https', port: 443, nodePort: 30080 },
      ];
    },
    'spec.ports[1].nodePort: Duplicate value: 30080',
  ),
  c(
    'Service without ports',
    service,
    (m) => {
      m.spec.ports = [];
    },
    'spec.ports: Required value',
  ),
  c(
    'ExternalName without a name',
    service,
    (m) => {
      m.spec = { type: 'ExternalName' };
    },
    'spec.externalName: Required value',
  ),
  c(
    'ExternalName with a cluster IP',
    service,
    (m) => {
      m.spec = { type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.0.0.10' };
    },
    'spec.clusterIPs: Forbidden: may not be set for ExternalName services',
  ),
  c(
    'ExternalName that is no DNS name',
    service,
    (m) => {
      m.spec = { type: 'ExternalName', externalName: 'db_primary.example.com' };
    },
    "spec.externalName: Invalid value: \"db_primary.example.com\": must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  ),
  c(
    'headless LoadBalancer',
    service,
    (m) => {
      m.spec.type = 'LoadBalancer';
      m.spec.clusterIP = 'None';
    },
    'spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for LoadBalancer services',
  ),
  c(
    'headless NodePort',
    service,
    (m) => {
      m.spec.type = 'NodePort';
      m.spec.clusterIP = 'None';
    },
    'spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services',
  ),
  c(
    'LoadBalancer exposing the kubelet port',
    service,
    (m) => {
      m.spec.type = 'LoadBalancer';
      m.spec.ports[0].port = 10250;
    },
    'spec.ports[0]: Invalid value: 10250: may not expose port 10250 externally since it is used by kubelet',
  ),
  c(
    'ClientIP affinity timeout over a day',
    service,
    (m) => {
      m.spec.sessionAffinity = 'ClientIP';
      m.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 100000 } };
    },
    'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 100000: must be greater than 0 and less than 86400',
  ),
  c(
    'affinity config without ClientIP affinity',
    service,
    (m) => {
      m.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 600 } };
    },
    'spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None',
  ),
  c(
    'externalTrafficPolicy on a ClusterIP Service',
    service,
    (m) => {
      m.spec.externalTrafficPolicy = 'Local';
    },
    'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
  ),
  c(
    'healthCheckNodePort on a NodePort Service',
    service,
    (m) => {
      m.spec.type = 'NodePort';
      m.spec.healthCheckNodePort = 31000;
    },
    "spec.healthCheckNodePort: Invalid value: 31000: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
  ),
  c(
    'source ranges on a ClusterIP Service',
    service,
    (m) => {
      m.spec.loadBalancerSourceRanges = ['10.0.0.0/8'];
    },
    "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
  ),
  c(
    'source range that is no CIDR',
    service,
    (m) => {
      m.spec.type = 'LoadBalancer';
      m.spec.loadBalancerSourceRanges = ['10.0.0.0'];
    },
    'spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
  ),
  c(
    'cluster IP that is no IP',
    service,
    (m) => {
      m.spec.clusterIP = '10.0.0.300';
    },
    'spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
  ),
  c(
    'external IP that is no IP',
    service,
    (m) => {
      m.spec.externalIPs = ['gateway.example.com'];
    },
    'spec.externalIPs[0]: Invalid value: "gateway.example.com": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
  ),
  c(
    'allocateLoadBalancerNodePorts on a ClusterIP Service',
    service,
    (m) => {
      m.spec.allocateLoadBalancerNodePorts = false;
    },
    "spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'",
  ),
  c(
    'appProtocol with a space',
    service,
    (m) => {
      m.spec.ports[0].appProtocol = 'web socket';
    },
    "spec.ports[0].appProtocol: Invalid value: \"web socket\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  ),
];

export const ingressCases: readonly SemanticCase[] = [
  c(
    'Ingress without rules or default backend',
    ingress,
    (m) => {
      delete m.spec.rules;
    },
    'spec: Invalid value: null: either `defaultBackend` or `rules` must be specified',
  ),
  c(
    'backend port by name and number',
    ingress,
    (m) => {
      m.spec.rules[0].http.paths[0].backend.service.port.name = 'http';
    },
    `${P0}.backend: Invalid value: "": cannot set both port name & port number`,
  ),
  c(
    'backend without a port',
    ingress,
    (m) => {
      m.spec.rules[0].http.paths[0].backend.service.port = {};
    },
    `${P0}.backend: Required value: port name or number is required`,
  ),
  c(
    'backend port 70000',
    ingress,
    (m) => {
      m.spec.rules[0].http.paths[0].backend.service.port.number = 70000;
    },
    `${P0}.backend.service.port.number: Invalid value: 70000: ${PORT}`,
  ),
  c(
    'backend port name too long',
    ingress,
    (m) => {
      m.spec.rules[0].http.paths[0].backend.service.port = { name: 'http-metrics-public' };
    },
    `${P0}.backend.service.port.name: Invalid value: "http-metrics-public": must be no more than 15 characters`,
  ),
  c(
    'backend with a service and a resource',
    ingress,
    (m) => {
      m.spec.rules[0].http.paths[0].backend.resource = {
        apiGroup: 'k8s.example.com',
        kind: 'StorageBucket',
        name: 'assets',
      };
    },
    `${P0}.backend: Invalid value: "": cannot set both resource and service backends`,
  ),
  c(
    'default backend with neither',
    ingress,
    (m) => {
      m.spec.defaultBackend = {};
    },
    'spec.defaultBackend: Invalid value: "": resource or service backend is required',
  ),
  c(
    'backend Service name with capitals',
    ingress,
    (m) => {
      m.spec.rules[0].http.paths[0].backend.service.name = 'Web';
    },
    `${P0}.backend.service.name: Invalid value: "Web": must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character`,
  ),
  c(
    'Prefix path without a leading slash',
    ingress,
    (m) => {
      m.spec.rules[0].http.paths[0].path = 'api';
    },
    `${P0}.path: Invalid value: "api": must be an absolute path`,
  ),
  c(
    'Exact path with "//"',
    ingress,
    (m) => {
      Object.assign(m.spec.rules[0].http.paths[0], { path: '/api//v1', pathType: 'Exact' });
    },
    `${P0}.path: Invalid value: "/api//v1": must not contain '//'`,
  ),
  c(
    'Prefix path ending in "/.."',
    ingress,
    (m) => {
      m.spec.rules[0].http.paths[0].path = '/api/..';
    },
    `${P0}.path: Invalid value: "/api/..": cannot end with '/..'`,
  ),
  c(
    'ImplementationSpecific path without a leading slash',
    ingress,
    (m) => {
      Object.assign(m.spec.rules[0].http.paths[0], { path: 'api', pathType: 'ImplementationSpecific' });
    },
    `${P0}.path: Invalid value: "api": must be an absolute path`,
  ),
  c(
    'rule host that is an IP',
    ingress,
    (m) => {
      m.spec.rules[0].host = '192.0.2.10';
    },
    'spec.rules[0].host: Invalid value: "192.0.2.10": must be a DNS name, not an IP address',
  ),
  c(
    'rule host with two wildcards',
    ingress,
    (m) => {
      m.spec.rules[0].host = '*.*.example.com';
    },
    "spec.rules[0].host: Invalid value: \"*.*.example.com\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
  ),
  c(
    'rule without paths',
    ingress,
    (m) => {
      m.spec.rules[0].http.paths = [];
    },
    'spec.rules[0].http.paths: Required value',
  ),
  c(
    'TLS host in capitals',
    ingress,
    (m) => {
      m.spec.tls[0].hosts[0] = 'Shop.example.com';
    },
    "spec.tls[0].hosts[0]: Invalid value: \"Shop.example.com\": must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  ),
  c(
    'TLS secret name with an underscore',
    ingress,
    (m) => {
      m.spec.tls[0].secretName = 'shop_tls';
    },
    "spec.tls[0].secretName: Invalid value: \"shop_tls\": must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  ),
];

export const networkPolicyCases: readonly SemanticCase[] = [
  c(
    'policy port 70000',
    networkPolicy,
    (m) => {
      m.spec.ingress[0].ports[0].port = 70000;
    },
    `spec.ingress[0].ports[0].port: Invalid value: 70000: ${PORT}`,
  ),
  c(
    'endPort below port',
    networkPolicy,
    (m) => {
      m.spec.ingress[0].ports[0].endPort = 8000;
    },
    'spec.ingress[0].ports[0].endPort: Invalid value: 8080: must be greater than or equal to `port`',
  ),
  c(
    'endPort above 65535',
    networkPolicy,
    (m) => {
      m.spec.ingress[0].ports[0].endPort = 70000;
    },
    `spec.ingress[0].ports[0].endPort: Invalid value: 70000: ${PORT}`,
  ),
  c(
    'endPort with a named port',
    networkPolicy,
    (m) => {
      m.spec.ingress[0].ports[0] = { port: 'http', endPort: 9000 };
    },
    'spec.ingress[0].ports[0].endPort: Invalid value: 9000: may not be specified when `port` is non-numeric',
  ),
  c(
    'endPort without port',
    networkPolicy,
    (m) => {
      m.spec.ingress[0].ports[0] = { endPort: 9000 };
    },
    'spec.ingress[0].ports[0].endPort: Invalid value: 9000: may not be specified when `port` is not specified',
  ),
  c(
    'empty peer',
    networkPolicy,
    (m) => {
      m.spec.ingress[0].from[0] = {};
    },
    'spec.ingress[0].from[0]: Required value: must specify a peer',
  ),
  c(
    'peer with ipBlock and a selector',
    networkPolicy,
    (m) => {
      m.spec.ingress[0].from[0].ipBlock = { cidr: '10.0.0.0/8' };
    },
    'spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer',
  ),
  c(
    'podSelector In without values',
    networkPolicy,
    (m) => {
      m.spec.podSelector.matchExpressions = [{ key: 'tier', operator: 'In', values: [] }];
    },
    "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
  ),
  c(
    'egress namespace label value with a space',
    networkPolicy,
    (m) => {
      m.spec.egress = [{ to: [{ namespaceSelector: { matchLabels: { team: 'data platform' } } }] }];
    },
    "spec.egress[0].to[0].namespaceSelector.matchLabels: Invalid value: \"data platform\": must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  ),
  c(
    'three policy types',
    networkPolicy,
    (m) => {
      m.spec.policyTypes = ['Ingress', 'Egress', 'Ingress'];
    },
    'spec.policyTypes: Invalid value: ["Ingress","Egress","Ingress"]: may not specify more than two policyTypes',
  ),
];
