import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { runPackageCommand } from '../../lib/cli/commands/package-command';
import { runHelm } from '../support/helm-binary';
import { shopPlatform } from './fixture-platform';

function io(): {
  stdout: string[];
  stderr: string[];
  io: { stdout(t: string): void; stderr(t: string): void; readStdin(): Promise<Buffer> };
} {
  const o = { stdout: [] as string[], stderr: [] as string[] };
  return {
    ...o,
    io: { stdout: (t) => o.stdout.push(t), stderr: (t) => o.stderr.push(t), readStdin: async () => Buffer.alloc(0) },
  };
}

test('berth package writes byte-identical .tgz files and an index.yaml helm can read', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-pkg-'));
  try {
    shopPlatform().synth({ outdir: path.join(root, 'dist'), format: 'helm', policy: 'none' });
    const a = io();
    expect(await runPackageCommand(['--output', 'out1'], a.io, path.join(root))).toBe(0);
    expect(a.stdout.join('')).toContain('shop-1.2.3.tgz');
    // Second run from a fresh synth: same bytes.
    shopPlatform().synth({ outdir: path.join(root, 'dist'), format: 'helm', policy: 'none' });
    expect(
      await runPackageCommand(
        ['--charts', 'dist/charts', '--output', 'out2', '--url', 'https://charts.example.com/'],
        io().io,
        root,
      ),
    ).toBe(0);
    const one = fs.readFileSync(path.join(root, 'out1', 'shop-1.2.3.tgz'));
    const two = fs.readFileSync(path.join(root, 'out2', 'shop-1.2.3.tgz'));
    expect(one.equals(two)).toBe(true);
    expect(one[9]).toBe(3);
    expect(one.readUInt32LE(4)).toBe(0);

    const index = parse(fs.readFileSync(path.join(root, 'out2', 'index.yaml'), 'utf8'));
    expect(index.apiVersion).toBe('v1');
    expect(index.generated).toBe('1980-01-01T00:00:00.000Z');
    expect(index.entries.shop).toHaveLength(1);
    expect(index.entries.shop[0]).toMatchObject({
      name: 'shop',
      version: '1.2.3',
      appVersion: '2024.6.1',
      apiVersion: 'v2',
      created: '1980-01-01T00:00:00.000Z',
      digest: require('crypto').createHash('sha256').update(two).digest('hex'),
      urls: ['https://charts.example.com/shop-1.2.3.tgz'],
    });
    const firstIndex = fs.readFileSync(path.join(root, 'out1', 'index.yaml'));
    expect(await runPackageCommand(['--output', 'out1'], io().io, root)).toBe(0);
    expect(fs.readFileSync(path.join(root, 'out1', 'index.yaml')).equals(firstIndex)).toBe(true);

    const shown = runHelm(['show', 'chart', path.join(root, 'out1', 'shop-1.2.3.tgz')]);
    expect(shown.stderr).toBe('');
    expect(parse(shown.stdout)).toMatchObject({ name: 'shop', version: '1.2.3' });
    const lint = runHelm([
      'lint',
      '--strict',
      path.join(root, 'out1', 'shop-1.2.3.tgz'),
      '-f',
      path.join(root, 'dist', 'charts', 'shop', 'values-prod.yaml'),
    ]);
    expect(lint.status).toBe(0);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('by default the packages go to packages/ (next to dist/), outside the folder synth replaces: the next synth neither deletes nor refuses them', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-pkg-'));
  const dist = path.join(root, 'dist');
  shopPlatform().synth({ outdir: dist, format: 'helm', policy: 'none' });
  const a = io();
  expect(await runPackageCommand([], a.io, root)).toBe(0);
  expect(a.stdout.join('')).toBe('Packaged 1 charts into packages/: shop-1.2.3.tgz; index.yaml lists 1 packages\n');
  shopPlatform().synth({ outdir: dist, format: 'helm', policy: 'none' });
  expect(fs.readdirSync(path.join(root, 'packages')).sort()).toEqual(['index.yaml', 'shop-1.2.3.tgz']);
  expect(fs.readdirSync(dist).sort()).toEqual(['.berth-output', 'charts']);
});

test('a chart named constructor gets its entry in index.yaml (a plain object already "has" one)', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-pkg-'));
  try {
    for (const [name, version] of [
      ['constructor', '1.0.0'],
      ['constructor', '1.1.0'],
      ['shop', '2.0.0'],
    ]) {
      const dir = path.join(root, 'charts', `${name}-${version}`);
      fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: ${version}\n`);
    }
    const run = io();
    expect(await runPackageCommand(['--charts', 'charts', '--output', 'out'], run.io, root)).toBe(0);
    expect(run.stderr).toEqual([]);
    const index = parse(fs.readFileSync(path.join(root, 'out', 'index.yaml'), 'utf8'));
    expect(Object.keys(index.entries)).toEqual(['constructor', 'shop']);
    expect(index.entries.constructor.map((e: { version: string }) => e.version)).toEqual(['1.1.0', '1.0.0']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
