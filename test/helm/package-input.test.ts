/**
 * `berth package` on charts it must refuse: a name or version that would put the package (or
 * an archive member) outside its folder, a Chart.yaml that is not a chart's, file names that
 * cannot be archive members. Each is a usage error (exit 2) naming the file and field, and
 * nothing is written anywhere.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { main } from '../../lib/cli/main';
import { writeTar } from '../../lib/io/tar';
import { bufferIO } from '../support/capture-io';
import { readTree, tmpDir } from '../support/file-tree';
import { runHelm } from '../support/helm-binary';

const VALID = 'apiVersion: v2\nname: shop\nversion: 1.2.3\n';
const TEMPLATE = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n';

/** `<root>/a/b/proj` with `charts/<folder>/Chart.yaml` and a template each; returns the project. */
function project(root: string, charts: Record<string, string>): string {
  const proj = path.join(root, 'a', 'b', 'proj');
  for (const [folder, chartYaml] of Object.entries(charts)) {
    fs.mkdirSync(path.join(proj, 'charts', folder, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(proj, 'charts', folder, 'Chart.yaml'), chartYaml);
    fs.writeFileSync(path.join(proj, 'charts', folder, 'templates', 'configmap.yaml'), TEMPLATE);
  }
  return proj;
}

/** Every entry under `dir` (files with their content, links with their target, folders). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      if (e.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(p)}`;
      else if (e.isDirectory()) {
        out[`${rel}/`] = '';
        walk(p);
      } else out[rel] = fs.readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

/** Runs `berth package --charts charts --output out` in `proj`: exit code and stderr. */
async function berthPackage(proj: string, ...extra: string[]): Promise<{ code: number; err: string; out: string }> {
  const { io, err, out } = bufferIO();
  const code = await main(['package', '--charts', 'charts', '--output', 'out', ...extra], io, proj);
  return { code, err: err(), out: out() };
}

/** Expects `berth package` in `proj` to exit 2 with `stderr`, leaving everything under `root` as it was. */
async function expectRefused(root: string, proj: string, stderr: string): Promise<void> {
  const before = snapshot(root);
  const r = await berthPackage(proj);
  expect(r.err).toBe(stderr);
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(snapshot(root)).toEqual(before);
}

const NAME_ALLOWED =
  'Allowed: letters, digits, ".", "_" and "-" (not "." or ".."), at most 250 characters, as helm create allows.\n' +
  "  hint: The name becomes the package's file name and its folder in the archive; name the chart e.g. `shop` or `my-app`.\n";
const VERSION_ALLOWED =
  'Allowed: a SemVer 2 version: MAJOR.MINOR.PATCH, maybe with -PRERELEASE and +BUILD.\n  hint: Use e.g. `1.2.3` or `1.2.3-rc.1`.\n';
const CHART_HINT =
  '  hint: A Chart.yaml is a map of fields with at least a name and a SemVer 2 version, e.g. `name: shop` and `version: 1.2.3`; `berth synth --format helm` writes the charts of a platform.\n';

describe('berth package refuses names and versions that are no file name', () => {
  test.each([
    ['../../../x', 'has characters a chart name cannot have (got string "../../../x")'],
    ['..', 'not a name (got string "..")'],
    ['.', 'not a name (got string ".")'],
    ['shop/x', 'has characters a chart name cannot have (got string "shop/x")'],
    ['sh\\\\op', 'has characters a chart name cannot have (got string "sh\\\\op")'],
    ['/tmp/x', 'has characters a chart name cannot have (got string "/tmp/x")'],
    ['sh op', 'has characters a chart name cannot have (got string "sh op")'],
    ['x'.repeat(251), `longer than 250 characters (got string "${'x'.repeat(251)}")`],
  ])('name %j: exit 2, nothing written in the project or above it', async (name, reason) => {
    const root = tmpDir();
    const proj = project(root, { x: `apiVersion: v2\nname: "${name}"\nversion: 0.1.0\n` });
    await expectRefused(root, proj, `berth package: charts/x/Chart.yaml: field name: ${reason}. ${NAME_ALLOWED}`);
  });

  test.each([['0.1.0/../../../../x'], ['0.1.0\\\\..\\\\x'], ['v1.2.3'], ['1.2'], ['01.2.3'], ['1.2.3-'], ['1.2.3 ']])(
    'version %j: exit 2, nothing written',
    async (version) => {
      const root = tmpDir();
      const proj = project(root, { x: `apiVersion: v2\nname: x\nversion: "${version}"\n` });
      const shownVersion = JSON.stringify(parse(`v: "${version}"`).v);
      await expectRefused(
        root,
        proj,
        `berth package: charts/x/Chart.yaml: field version: not SemVer 2 (got string ${shownVersion}). ${VERSION_ALLOWED}`,
      );
    },
  );

  test('one bad chart among good ones: no package is written', async () => {
    const root = tmpDir();
    const proj = project(root, { a: VALID, b: 'apiVersion: v2\nname: ../b\nversion: 1.0.0\n' });
    await expectRefused(
      root,
      proj,
      `berth package: charts/b/Chart.yaml: field name: has characters a chart name cannot have (got string "../b"). ${NAME_ALLOWED}`,
    );
  });
});

describe("berth package on a Chart.yaml that is not a chart's: a message naming the file and field, exit 2", () => {
  test.each([
    [
      'not YAML',
      'a: [\n',
      'not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1:',
      CHART_HINT,
    ],
    ['two documents', `${VALID}---\n${VALID}`, 'holds more than one YAML document', CHART_HINT],
    [
      'duplicate keys',
      `${VALID}name: other\n`,
      'not valid YAML: Map keys must be unique at line 4, column 1:',
      CHART_HINT,
    ],
    ['a list', '- name: shop\n', 'not a map of fields (got a list)', CHART_HINT],
    ['a string', 'shop\n', 'not a map of fields (got string "shop")', CHART_HINT],
    ['empty', '', 'not a map of fields (got no YAML: the file is empty or only comments)', CHART_HINT],
    [
      'only comments',
      '# name: shop\n',
      'not a map of fields (got no YAML: the file is empty or only comments)',
      CHART_HINT,
    ],
    ['null', '~\n', 'not a map of fields (got null)', CHART_HINT],
    [
      'no name',
      'apiVersion: v2\nversion: 1.0.0\n',
      'field name: missing. Allowed: a string of letters, digits, ".", "_" and "-".',
      "  hint: Set the chart's name, e.g. `name: shop`.\n",
    ],
    [
      'an empty name',
      'name: ""\nversion: 1.0.0\n',
      'field name: not a chart name (got string ""). Allowed: a string of letters, digits, ".", "_" and "-".',
      "  hint: Set the chart's name, e.g. `name: shop`.\n",
    ],
    [
      'a list as name',
      'name: [shop]\nversion: 1.0.0\n',
      'field name: not a chart name (got a list). Allowed: a string of letters, digits, ".", "_" and "-".',
      "  hint: Set the chart's name, e.g. `name: shop`.\n",
    ],
    [
      'a number as name',
      'name: 7\nversion: 1.0.0\n',
      'field name: not a chart name (got number 7). Allowed: a string of letters, digits, ".", "_" and "-".',
      "  hint: Set the chart's name, e.g. `name: shop`.\n",
    ],
    [
      'no version',
      'name: shop\n',
      'field version: missing. Allowed: a SemVer 2 version.',
      '  hint: Set it, e.g. `version: 1.2.3`.\n',
    ],
    [
      'a number as version',
      'name: shop\nversion: 1.2\n',
      'field version: not a string (got number 1.2). Allowed: a SemVer 2 version.',
      '  hint: Quote it, e.g. `version: "1.2.0"`: unquoted, YAML reads a number.\n',
    ],
    [
      'a map as version',
      'name: shop\nversion: {major: 1}\n',
      'field version: not a string (got a map). Allowed: a SemVer 2 version.',
      '  hint: Set it, e.g. `version: 1.2.3`.\n',
    ],
  ])('%s', async (_, chartYaml, message, hint) => {
    const root = tmpDir();
    const proj = project(root, { shop: chartYaml });
    await expectRefused(root, proj, `berth package: charts/shop/Chart.yaml: ${message}\n${hint}`);
  });

  test('a Chart.yaml that is a symbolic link out of the chart (or to nothing), or a folder, is refused, not followed', async () => {
    const root = tmpDir();
    const proj = project(root, { shop: VALID });
    const chartFile = path.join(proj, 'charts', 'shop', 'Chart.yaml');
    fs.writeFileSync(path.join(root, 'outside.yaml'), VALID);
    fs.rmSync(chartFile);
    fs.symlinkSync('../../../../../outside.yaml', chartFile);
    const message = (target: string): string =>
      `berth package: charts/shop/Chart.yaml: a symbolic link (to ${target}); berth package reads a chart's own Chart.yaml only, a regular file inside the chart folder\n` +
      '  hint: Put the file itself in the chart folder, in place of the link.\n';
    await expectRefused(root, proj, message('../../../../../outside.yaml'));
    fs.rmSync(chartFile);
    fs.symlinkSync('missing.yaml', chartFile);
    await expectRefused(root, proj, message('missing.yaml'));
    fs.rmSync(chartFile);
    fs.mkdirSync(chartFile);
    await expectRefused(
      root,
      proj,
      "berth package: charts/shop/Chart.yaml: not a file; berth package reads a chart's own Chart.yaml only, a regular file inside the chart folder\n" +
        "  hint: Make Chart.yaml the file of the chart's name, version and metadata.\n",
    );
  });

  test('a file whose name holds a backslash cannot be an archive member', async () => {
    const root = tmpDir();
    const proj = project(root, { shop: VALID });
    fs.writeFileSync(path.join(proj, 'charts', 'shop', 'templates', '..\\..\\..\\evil.yaml'), TEMPLATE);
    await expectRefused(
      root,
      proj,
      'berth package: charts/shop/templates/..\\..\\..\\evil.yaml: cannot be packaged: its path in the archive, "shop/templates/..\\\\..\\\\..\\\\evil.yaml", has a backslash\n' +
        "  hint: Rename the file: a chart package holds only paths that stay inside the chart's folder when unpacked.\n",
    );
  });

  test('two charts of one name and version, an output that is a file, a broken package in the output: exit 2, nothing written', async () => {
    const root = tmpDir();
    const proj = project(root, { a: VALID, b: VALID });
    await expectRefused(
      root,
      proj,
      'berth package: charts/a and charts/b are both chart shop version 1.2.3: both would be shop-1.2.3.tgz\n' +
        '  hint: Give one of them another name or version, or package them apart (--charts).\n',
    );
    fs.rmSync(path.join(proj, 'charts', 'b'), { recursive: true });
    fs.writeFileSync(path.join(proj, 'out'), 'a file');
    await expectRefused(
      root,
      proj,
      'berth package: --output out: a file, not a folder\n  hint: Pass a folder for the packages (it is created when missing).\n',
    );
    fs.rmSync(path.join(proj, 'out'));
    fs.mkdirSync(path.join(proj, 'out'));
    fs.writeFileSync(path.join(proj, 'out', 'old-1.0.0.tgz'), 'not gzip');
    await expectRefused(
      root,
      proj,
      'berth package: out/old-1.0.0.tgz: not a chart package (a gzipped tar archive): incorrect header check\n' +
        '  hint: index.yaml lists every .tgz of the output folder: remove or replace that file, or package into another folder (--output).\n',
    );
  });
});

describe("archive members stay inside the archive's folder", () => {
  test.each([
    ['../x', 'has an empty, "." or ".." segment'],
    ['shop/../../x', 'has an empty, "." or ".." segment'],
    ['shop/./x', 'has an empty, "." or ".." segment'],
    ['shop//x', 'has an empty, "." or ".." segment'],
    ['shop/', 'has an empty, "." or ".." segment'],
    ['', 'has an empty, "." or ".." segment'],
    ['/etc/x', 'is absolute'],
    ['C:/x', 'starts with a drive'],
    ['shop\\..\\..\\x', 'has a backslash'],
  ])('writeTar refuses %j', (member, reason) => {
    expect(() => writeTar([{ path: member, data: Buffer.from('x') }], 0)).toThrow(
      `tar: ${JSON.stringify(member)} ${reason}: it could be unpacked outside the archive's folder`,
    );
  });

  test('a valid chart: tar and helm list exactly its files under <name>/; any letters, digits, ".", "_", "-" and a full SemVer 2 version are taken', async () => {
    const root = tmpDir();
    const proj = project(root, { web: 'apiVersion: v2\nname: My_Chart.v2\nversion: 1.2.3-rc.1+build.5\n' });
    fs.mkdirSync(path.join(proj, 'charts', 'web', 'charts', 'sub', 'templates'), { recursive: true });
    fs.writeFileSync(
      path.join(proj, 'charts', 'web', 'charts', 'sub', 'Chart.yaml'),
      'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
    );
    fs.writeFileSync(
      path.join(proj, 'charts', 'web', 'charts', 'sub', 'templates', 'cm.yaml'),
      TEMPLATE.replace('settings', 'sub'),
    );
    const r = await berthPackage(proj);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      'Packaged 1 charts into out/: My_Chart.v2-1.2.3-rc.1+build.5.tgz; index.yaml lists 1 packages\n',
    );
    expect(Object.keys(readTree(path.join(proj, 'out'))).sort()).toEqual([
      'My_Chart.v2-1.2.3-rc.1+build.5.tgz',
      'index.yaml',
    ]);
    const tgz = path.join(proj, 'out', 'My_Chart.v2-1.2.3-rc.1+build.5.tgz');
    const tar = spawnSync('tar', ['tzf', tgz], { encoding: 'utf8' });
    expect(tar.status).toBe(0);
    expect(tar.stdout).toBe(
      'My_Chart.v2/Chart.yaml\nMy_Chart.v2/charts/sub/Chart.yaml\nMy_Chart.v2/charts/sub/templates/cm.yaml\nMy_Chart.v2/templates/configmap.yaml\n',
    );
    const rendered = runHelm(['template', 'r', tgz]);
    expect(rendered.stderr).toBe('');
    expect(rendered.stdout).toContain('# Source: My_Chart.v2/templates/configmap.yaml\n');
    expect(rendered.stdout).toContain('# Source: My_Chart.v2/charts/sub/templates/cm.yaml\n');
  });
});
