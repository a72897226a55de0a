import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli/main';
import { captureIO as capture } from '../support/capture-io';
import { helmBinary } from '../support/helm-binary';

const repo = path.resolve(__dirname, '../..');

/** A project folder whose program is the repository's reference platform. */
function referenceProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-accept-'));
  fs.writeFileSync(
    path.join(dir, 'cdk8s.yaml'),
    [
      `app: ${path.join(repo, 'apps', 'main.ts')}`,
      'output: dist',
      'berth:',
      '  gitops:',
      '    repoURL: https://github.com/acme/platform.git',
      `  helm: ${helmBinary()}`,
      '',
    ].join('\n'),
  );
  return dir;
}

describe('the reference platform, end to end through the CLI', () => {
  const dir = referenceProject();

  test('synth --format all, then validate dist/dev dist/staging dist/prod reports no error and the waivers synth reported', async () => {
    const synth = capture();
    expect(await main(['synth', '--format', 'all'], synth, dir)).toBe(0);
    // Only the waivers (one replica where one is meant), each with its reason.
    expect(synth.err).toBe(
      [
        'waivers',
        '  dev  policy/min-replicas: a non-production environment runs one replica of each workload: it promises no availability',
        "  dev/blog/wordpress  helm/literal-object-name: the upstream chart's template names its MariaDB Service",
        '  dev/blog/wordpress  policy/min-replicas: single-instance MariaDB subchart; a second replica would be a second database',
        '  dev/certs/cert-manager  policy/liveness-probe: the upstream CA injector serves no health endpoint',
        '  dev/certs/cert-manager  policy/min-replicas: renewals tolerate minutes of controller or webhook outage',
        '  dev/certs/cert-manager  policy/pdb-missing: renewals tolerate minutes of controller outage',
        '  dev/certs/cert-manager  policy/pod-anti-affinity: renewals tolerate minutes of controller outage',
        '  dev/certs/cert-manager  policy/rbac-create-pods: cert-manager creates the pods of its ACME HTTP-01 solver',
        '  dev/certs/cert-manager  policy/rbac-secrets: cert-manager issues certificates into Secrets of every namespace; its roles are upstream',
        '  dev/mysql/mysql  policy/min-replicas: single-instance MySQL on one ReadWriteOnce claim; not replicated',
        '  dev/redis/RedisClusterPeers  policy/network-policy-selector: selects the pods the operator creates for the RedisCluster',
        '  dev/redis/RedisFromOperator  policy/network-policy-selector: selects the pods the operator creates for the RedisCluster',
        '  dev/redis/operator/Deployment-redis-operator  policy/min-replicas: leader-elected operator; a restart only delays reconciliation',
        "  dev/redis/operator/Role-redis-operator  policy/rbac-create-pods: the chart's one rule for secrets, pods and services, which no value splits; the operator creates StatefulSets",
        '  dev/redis/operator/Role-redis-operator  policy/rbac-pod-exec: the operator runs redis-cli in its Redis pods to form and heal the cluster (upstream Role)',
        '  dev/wordpress/mariadb/mariadb  helm/literal-object-name: MARIADB_USER is a database user name, not the wordpress objects',
        '  dev/wordpress/mariadb/mariadb  policy/min-replicas: single-instance MariaDB; a second replica would be a second database',
        '  dev/wordpress/wordpress  helm/literal-object-name: WORDPRESS_DB_USER is a database user name, not the wordpress objects',
        "  prod/blog/wordpress  helm/literal-object-name: the upstream chart's template names its MariaDB Service",
        '  prod/blog/wordpress  policy/min-replicas: single-instance MariaDB subchart; a second replica would be a second database',
        '  prod/certs/cert-manager  policy/liveness-probe: the upstream CA injector serves no health endpoint',
        '  prod/certs/cert-manager  policy/min-replicas: renewals tolerate minutes of controller or webhook outage',
        '  prod/certs/cert-manager  policy/pdb-missing: renewals tolerate minutes of controller outage',
        '  prod/certs/cert-manager  policy/pod-anti-affinity: renewals tolerate minutes of controller outage',
        '  prod/certs/cert-manager  policy/rbac-create-pods: cert-manager creates the pods of its ACME HTTP-01 solver',
        '  prod/certs/cert-manager  policy/rbac-secrets: cert-manager issues certificates into Secrets of every namespace; its roles are upstream',
        '  prod/mysql/mysql  policy/min-replicas: single-instance MySQL on one ReadWriteOnce claim; not replicated',
        '  prod/redis/RedisClusterPeers  policy/network-policy-selector: selects the pods the operator creates for the RedisCluster',
        '  prod/redis/RedisFromOperator  policy/network-policy-selector: selects the pods the operator creates for the RedisCluster',
        '  prod/redis/operator/Deployment-redis-operator  policy/min-replicas: leader-elected operator; a restart only delays reconciliation',
        "  prod/redis/operator/Role-redis-operator  policy/rbac-create-pods: the chart's one rule for secrets, pods and services, which no value splits; the operator creates StatefulSets",
        '  prod/redis/operator/Role-redis-operator  policy/rbac-pod-exec: the operator runs redis-cli in its Redis pods to form and heal the cluster (upstream Role)',
        '  prod/wordpress/mariadb/mariadb  helm/literal-object-name: MARIADB_USER is a database user name, not the wordpress objects',
        '  prod/wordpress/mariadb/mariadb  policy/min-replicas: single-instance MariaDB; a second replica would be a second database',
        '  prod/wordpress/wordpress  helm/literal-object-name: WORDPRESS_DB_USER is a database user name, not the wordpress objects',
        '  staging  policy/min-replicas: a non-production environment runs one replica of each workload: it promises no availability',
        '  staging/mysql/mysql  policy/min-replicas: single-instance MySQL on one ReadWriteOnce claim; not replicated',
        '  staging/redis/RedisClusterPeers  policy/network-policy-selector: selects the pods the operator creates for the RedisCluster',
        '  staging/redis/RedisFromOperator  policy/network-policy-selector: selects the pods the operator creates for the RedisCluster',
        "  staging/redis/SharedOperatorRole  policy/rbac-create-pods: the chart's one rule for secrets, pods and services, which no value splits; the operator creates StatefulSets",
        '  staging/redis/SharedOperatorRole  policy/rbac-pod-exec: the operator runs redis-cli in its Redis pods to form and heal the cluster (upstream Role)',
        '  staging/wordpress/mariadb/mariadb  helm/literal-object-name: MARIADB_USER is a database user name, not the wordpress objects',
        '  staging/wordpress/mariadb/mariadb  policy/min-replicas: single-instance MariaDB; a second replica would be a second database',
        '  staging/wordpress/wordpress  helm/literal-object-name: WORDPRESS_DB_USER is a database user name, not the wordpress objects',
        '0 errors, 0 warnings',
        '',
      ].join('\n'),
    );
    for (const app of ['shop', 'redis', 'mysql', 'wordpress', 'training', 'etcd']) {
      expect(fs.existsSync(path.join(dir, 'dist', 'charts', app, 'Chart.yaml'))).toBe(true);
      expect(fs.existsSync(path.join(dir, 'dist', 'prod', app, 'kustomization.yaml'))).toBe(true);
    }
    const validate = capture();
    const code = await main(
      [
        'validate',
        path.join(dir, 'dist/dev'),
        path.join(dir, 'dist/staging'),
        path.join(dir, 'dist/prod'),
        '--crds',
        path.join(repo, 'crds'),
      ],
      validate,
      dir,
    );
    // The output carries the program's waivers (as annotations): validate reports what synth
    // reported, the same waivers and no warning.
    expect(validate.out).toBe(synth.err);
    expect(validate.out).toContain('0 errors, 0 warnings');
    expect(code).toBe(0);
  });

  test('diff right after synth reports no change', async () => {
    const io = capture();
    expect(await main(['diff'], io, dir)).toBe(0);
    expect(io.out).toContain('No differences');
  });

  test('diff flags a renamed claim as dangerous after the output is edited', async () => {
    const file = path.join(dir, 'dist/prod/mysql/persistentvolumeclaim-mysql-pvc.yaml');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace('name: mysql-pvc', 'name: mysql-data'));
    const io = capture();
    try {
      expect(await main(['diff', '--env', 'prod'], io, dir)).toBe(1);
      expect(io.out).toContain('DANGEROUS');
      expect(io.out).toContain('mysql-pvc');
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  test('graph of prod shows frontend→backend and backend→db, and no frontend→db edge', async () => {
    const io = capture();
    expect(await main(['graph', '--env', 'prod', '--format', 'mermaid'], io, dir)).toBe(0);
    const ids = new Map<string, string>();
    for (const m of io.out.matchAll(/(n\d+)\["(Deployment|StatefulSet) (\w+)"\]/g)) ids.set(m[3], m[1]);
    const edge = (a: string, b: string): boolean =>
      new RegExp(`${ids.get(a)} ==>\\|[^|]*\\| ${ids.get(b)}\\b`).test(io.out);
    expect(edge('frontend', 'backend')).toBe(true);
    expect(edge('backend', 'db')).toBe(true);
    expect(edge('frontend', 'db')).toBe(false);
  });
});
