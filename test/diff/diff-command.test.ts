import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli/main';
import { runSynthCommand } from '../../lib/cli/synth-command';
import { runDiffCommand } from '../../lib/diff/diff-command';
import { bufferIO } from '../support/capture-io';

const LIB = path.resolve(__dirname, '..', '..', 'lib');

/** A project whose program has, per environment, a ConfigMap, a claim and a ServiceAccount in app `shop`. */
function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-diff-'));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: apps/main.ts\noutput: dist\nberth:\n  policy: none\n');
  fs.mkdirSync(path.join(dir, 'apps'));
  fs.writeFileSync(path.join(dir, 'apps', 'main.ts'), `
import { ApiResource, Application, Environment, Platform } from ${JSON.stringify(path.join(LIB, 'index'))};
export const platform = new Platform();
for (const name of ['dev', 'prod']) {
  const app = new Application(new Environment(platform, name, { config: {} }), 'shop');
  new ApiResource(app, 'settings', { apiVersion: 'v1', kind: 'ConfigMap' }, { data: { mode: name } } as object);
  new ApiResource(app, 'data', { apiVersion: 'v1', kind: 'PersistentVolumeClaim' }, { spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } } } as object);
  new ApiResource(app, 'web', { apiVersion: 'v1', kind: 'ServiceAccount' }, { automountServiceAccountToken: false } as object);
}
`);
  return dir;
}


function edit(dir: string, file: string, from: string, to: string): void {
  const p = path.join(dir, 'dist', file);
  const text = fs.readFileSync(p, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  fs.writeFileSync(p, text.replace(from, to));
}

describe('berth diff', () => {
  test('exits 0 and says so when dist/ matches the code', async () => {
    const dir = project();
    const synth = bufferIO();
    const code = await runSynthCommand([], synth.io, dir);
    expect(synth.err()).toBe('');
    expect(code).toBe(0);
    const { io, out } = bufferIO();
    expect(await runDiffCommand([], io, dir)).toBe(0);
    expect(out()).toBe('No differences: the output is up to date (6 objects).\n');
  });

  test('exits 1 and lists changed fields, removed and added objects, and a DANGEROUS rename', async () => {
    const dir = project();
    await runSynthCommand([], bufferIO().io, dir);
    // dist/ as an older version of the code wrote it.
    edit(dir, 'dev/shop/configmap-settings.yaml', 'mode: dev', 'mode: debug');
    edit(dir, 'dev/shop/persistentvolumeclaim-data.yaml', 'name: data', 'name: data-old');
    edit(dir, 'dev/shop/persistentvolumeclaim-data.yaml', 'storageClassName: fast', 'storageClassName: slow');
    fs.rmSync(path.join(dir, 'dist', 'dev', 'shop', 'serviceaccount-web.yaml'));
    fs.writeFileSync(path.join(dir, 'dist', 'dev', 'shop', 'secret-old.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: old\n  namespace: shop\n');
    const { io, out } = bufferIO();
    expect(await runDiffCommand([], io, dir)).toBe(1);
    expect(out()).toBe([
      'dev/shop',
      '  ~ ConfigMap shop/settings (changed)',
      '      data.mode: "debug" → "dev"',
      '  ! PersistentVolumeClaim shop/data-old → shop/data (renamed) DANGEROUS',
      '      DANGEROUS: PersistentVolumeClaim renamed from data-old to data: the old object and its data are deleted and a new, empty one is created',
      '      DANGEROUS: spec.storageClassName is immutable: the API server refuses this change: the object must be deleted and recreated, and its volumes (with their data) are replaced',
      '      spec.storageClassName: "slow" → "fast"',
      '  - Secret shop/old (removed)',
      '  + ServiceAccount shop/web (added)',
      '',
      'Differences: 1 added, 1 removed, 1 changed, 1 renamed.',
      '1 DANGEROUS: these objects would be replaced (deleted and recreated); for storage that loses data. Keep the old names and immutable fields, or plan the migration.',
      '',
    ].join('\n'));
  });

  test('--format json gives the same diff as data; --env limits it to one environment', async () => {
    const dir = project();
    await runSynthCommand([], bufferIO().io, dir);
    edit(dir, 'prod/shop/configmap-settings.yaml', 'mode: prod', 'mode: production');
    const json = bufferIO();
    expect(await runDiffCommand(['--format', 'json'], json.io, dir)).toBe(1);
    expect(JSON.parse(json.out())).toEqual({
      equal: false,
      summary: { added: 0, removed: 0, changed: 1, renamed: 0, dangerous: 0, dangerousRemovals: 0, chartFiles: 0 },
      apps: [{
        environment: 'prod', app: 'shop',
        objects: [{ type: 'changed', ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'settings' }, fields: [{ path: 'data.mode', old: 'production', new: 'prod' }], dangers: [] }],
      }],
      charts: [],
    });
    const dev = bufferIO();
    expect(await runDiffCommand(['--env', 'dev'], dev.io, dir)).toBe(0);
    expect(dev.out()).toBe('No differences: the output is up to date (3 objects).\n');
  });

  test('without dist/ every object is added; a wrong --format is a usage error (exit 2)', async () => {
    const dir = project();
    const { io, out } = bufferIO();
    expect(await runDiffCommand(['--env', 'prod'], io, dir)).toBe(1);
    expect(out()).toContain('Differences: 3 added, 0 removed, 0 changed, 0 renamed.\n');
    const bad = bufferIO();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await main(['diff', '--format', 'yaml'], bad.io)).toBe(2);
    } finally {
      process.chdir(cwd);
    }
    expect(bad.err()).toBe('berth diff: --format yaml: allowed: text, json\n');
  });
});
