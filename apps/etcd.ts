import { Application, Environment, Namespace, NetworkPolicies } from 'berth-k8s';
import { EtcdCluster } from '../lib/imports/operator.etcd.io';
import { PlatformConfig } from './config';

/** An etcd cluster run by the etcd operator: 3 members in prod. */
export function etcd(env: Environment<PlatformConfig>): Application {
  const app = new Application(env, 'etcd');
  new Namespace(app, 'Namespace', { name: app.namespace });
  NetworkPolicies.defaultDeny(app);
  NetworkPolicies.allowDnsEgress(app);
  new EtcdCluster(app, 'etcd', {
    metadata: { name: 'etcd' },
    spec: { size: env.config.etcdMembers, version: 'v3.5.17' },
  });
  return app;
}
