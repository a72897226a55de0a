/**
 * `berth validate` on large inputs: duplicate keys are found by Berth's own linear check (the
 * yaml package's is quadratic), and files, streams and documents over the size limits are
 * refused with a message. How long large inputs take is measured by bench/limits.ts, not here.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tmpDir } from '../support/file-tree';
import { runValidate } from '../support/run-validate';

const run = runValidate;

const BERTH = path.resolve(__dirname, '..', '..', 'bin', 'berth.js');
const CLEAN = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n';
const MiB = 1024 * 1024;

describe('duplicate keys', () => {
  const cases: [string, string, string][] = [
    ['at the top', 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\n', '3:1'],
    ['nested, after a first map without any', `${CLEAN}  other: x\n  mode: slow\n`, '8:3'],
    ['in a flow map', 'apiVersion: v1\nkind: ConfigMap\ndata: {a: 1, b: 2, a: 3}\n', '3:20'],
    [
      'in the item of a List, in the second document',
      `${CLEAN}---\nkind: List\nitems:\n- kind: ConfigMap\n  metadata: {name: x}\n  kind: ConfigMap\n`,
      '12:3',
    ],
    [
      'written differently, read alike (YAML 1.1 reads both as 1)',
      'apiVersion: v1\nkind: ConfigMap\ndata:\n  1: a\n  0x1: b\n',
      '5:3',
    ],
    ['the first of two', 'a: 1\nb:\n  c: 1\n  c: 2\na: 2\n', '4:3'],
  ];
  test.each(cases)('are found %s, with the file, line and column', async (_what, text, at) => {
    const dir = tmpDir();
    const f = path.join(dir, 'dup.yaml');
    fs.writeFileSync(f, text);
    expect(await run([f])).toEqual({
      code: 2,
      stdout: '',
      stderr: `berth validate: ${f}:${at}: YAML syntax error: Map keys must be unique\n`,
    });
  });

  test('keys in different maps, or of different types (the string "1", the number 1), are not duplicates', async () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {name: x}\ndata:\n  "1": a\n  1: b\n';
    const r = await run(['-', '--policy', 'none', '--format', 'json'], text);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout).problems.map((p: { rule: string }) => p.rule)).toEqual(['validate/yaml-key']);
  });
});

describe('size limits', () => {
  test('a file over --max-input-size is refused before it is read; the hint gives a limit that takes it', async () => {
    const dir = tmpDir();
    const f = path.join(dir, 'big.yaml');
    fs.writeFileSync(f, CLEAN.repeat(40));
    expect(await run([f, '--max-input-size', '1Ki'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `berth validate: ${f}: 3 KiB, more than the limit of 1 KiB for one file or stream\n  hint: Split it into smaller files, or raise the limit: --max-input-size 1Mi (validation holds up to about ten times the input in memory).\n`,
    });
    expect((await run([f, '--max-input-size=4Ki'])).stderr).not.toContain('limit');
    // Each file of a folder is held to it.
    fs.writeFileSync(path.join(dir, 'small.yaml'), CLEAN);
    expect((await run([dir, '--max-input-size', '2048'])).stderr).toBe(
      `berth validate: ${f}: 3 KiB, more than the limit of 2 KiB for one file or stream\n  hint: Split it into smaller files, or raise the limit: --max-input-size 1Mi (validation holds up to about ten times the input in memory).\n`,
    );
  });

  test('the default limit is 64 MiB a file', async () => {
    const dir = tmpDir();
    const f = path.join(dir, 'huge.yaml');
    // A sparse file: its size is what the limit is checked against, before any byte is read.
    fs.closeSync(fs.openSync(f, 'w'));
    fs.truncateSync(f, 64 * MiB + 1);
    expect((await run([f])).stderr).toBe(
      `berth validate: ${f}: 64 MiB, more than the limit of 64 MiB for one file or stream\n  hint: Split it into smaller files, or raise the limit: --max-input-size 65Mi (validation holds up to about ten times the input in memory).\n`,
    );
  });

  test('standard input over the limit is refused, read from a pipe or a file', () => {
    const dir = tmpDir();
    const f = path.join(dir, 'stream.yaml');
    fs.writeFileSync(f, `${CLEAN}---\n`.repeat(300));
    const hint =
      '  hint: Split it into smaller files, or raise the limit: --max-input-size 1Mi (validation holds up to about ten times the input in memory).\n';
    const piped = spawnSync(process.execPath, [BERTH, 'validate', '-', '--max-input-size', '16Ki'], {
      input: fs.readFileSync(f),
      encoding: 'utf8',
    });
    expect([piped.status, piped.stdout, piped.stderr]).toEqual([
      2,
      '',
      `berth validate: <stdin>: more than the limit of 16 KiB for one file or stream\n${hint}`,
    ]);
    const fd = fs.openSync(f, 'r');
    try {
      const redirected = spawnSync(process.execPath, [BERTH, 'validate', '-', '--max-input-size', '16Ki'], {
        stdio: [fd, 'pipe', 'pipe'],
        encoding: 'utf8',
      });
      expect([redirected.status, redirected.stdout, redirected.stderr]).toEqual([
        2,
        '',
        `berth validate: <stdin>: 23.7 KiB, more than the limit of 16 KiB for one file or stream\n${hint}`,
      ]);
    } finally {
      fs.closeSync(fd);
    }
  });

  test('a document over --max-document-size is refused, with its line, before it is parsed', async () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${Array.from({ length: 200 }, (_, i) => `    k${i}: 'v'\n`).join('')}`;
    const r = await run(['-', '--max-document-size', '2Ki'], `${CLEAN}---\n${big}---\n${CLEAN}`);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "berth validate: <stdin>:7: a YAML document of 2.7 KiB, more than the limit of 2 KiB for one document\n  hint: No Kubernetes object is that large (the API server stores objects of up to 1.5 MiB): a large kind: List can be split into documents (yq '.items[] | split_doc'), or raise the limit: --max-document-size 1Mi (reading a document takes up to about 90 times its size in memory).\n",
    });
    expect(
      (await run(['-', '--max-document-size', '1Mi', '--policy', 'none'], `${CLEAN}---\n${big}---\n${CLEAN}`)).stderr,
    ).toBe('');
  });

  test('the default limit is 8 MiB a document', async () => {
    const dir = tmpDir();
    const f = path.join(dir, 'one-big-document.yaml');
    fs.writeFileSync(
      f,
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  a: '${'x'.repeat(8 * MiB)}'\n`,
    );
    expect((await run([f])).stderr).toMatch(
      /^berth validate: .*one-big-document\.yaml:1: a YAML document of 8 MiB, more than the limit of 8 MiB for one document\n/,
    );
  });

  test('a size that is not one is a usage error', async () => {
    const r = await run(['-', '--max-input-size', '64MB']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      'berth validate: --max-input-size needs a size in bytes, or with Ki, Mi or Gi (got "64MB"; e.g. 256Mi)',
    );
    expect((await run(['-', '--max-document-size'])).stderr.split('\n')[0]).toBe(
      'berth validate: --max-document-size needs a size in bytes, or with Ki, Mi or Gi (got undefined; e.g. 256Mi)',
    );
  });
});
