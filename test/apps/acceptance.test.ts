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
      // The reference platform renders vendored charts: the Helm binary of the dev dependency.
      `  helm: ${helmBinary()}`,
      '  gitops:',
      '    repoURL: https://github.com/acme/platform.git',
      '',
    ].join('\n'),
  );
  return dir;
}

describe('the reference platform, end to end through the CLI', () => {
  const dir = referenceProject();

  test('synth --format all, then validate dist/dev dist/prod reports zero problems', async () => {
    const synth = capture();
    expect(await main(['synth', '--format', 'all'], synth, dir)).toBe(0);
    expect(synth.err).toBe('');
    for (const app of ['shop', 'redis', 'mysql', 'wordpress', 'training', 'etcd', 'blog', 'certs']) {
      expect(fs.existsSync(path.join(dir, 'dist', 'charts', app, 'Chart.yaml'))).toBe(true);
      expect(fs.existsSync(path.join(dir, 'dist', 'prod', app, 'kustomization.yaml'))).toBe(true);
    }
    const validate = capture();
    const code = await main(
      ['validate', path.join(dir, 'dist/dev'), path.join(dir, 'dist/prod'), '--crds', path.join(repo, 'crds')],
      validate,
      dir,
    );
    expect(validate.out + validate.err).toContain('0 errors, 0 warnings');
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
