/**
 * What `berth validate` reads, and what it refuses to read: symbolic links out of a folder,
 * bytes that are not UTF-8, inputs without an object, standard input that cannot be read; and
 * how much of a value read its problems quote. Size limits: validate-limits.test.ts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tmpDir } from '../support/file-tree';
import { Run, runValidate } from '../support/run-validate';

const run = runValidate;

const REPO = path.resolve(__dirname, '..', '..');

/** Runs the built `berth` in a process of its own, with `stdin` as its standard input (an open descriptor, or text through a pipe). */
function berth(args: string[], stdin: number | string): Run {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'berth.js'), ...args], {
    encoding: 'utf8',
    ...(typeof stdin === 'number' ? { stdio: [stdin, 'pipe', 'pipe'] } : { input: stdin }),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const CLEAN = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n';
const TOKEN = 'ghp_0123456789abcdefSECRETTOKEN0123456789abcdef';

describe('symbolic links', () => {
  test('links leading out of the folder given are skipped with a note; their content is not read', async () => {
    const dir = tmpDir();
    const outside = path.join(dir, 'secret.txt');
    fs.writeFileSync(outside, `TOKEN=${TOKEN}\n`);
    fs.mkdirSync(path.join(dir, 'secrets'));
    fs.writeFileSync(path.join(dir, 'secrets', 'a.yaml'), `token: ${TOKEN}\n`);
    const shop = path.join(dir, 'dist', 'dev', 'shop');
    fs.mkdirSync(shop, { recursive: true });
    fs.writeFileSync(path.join(shop, 'configmap.yaml'), CLEAN);
    fs.symlinkSync(outside, path.join(shop, 't.yaml'));
    fs.symlinkSync('/proc/self/environ', path.join(shop, 'e.yaml'));
    fs.symlinkSync(path.join(dir, 'secrets'), path.join(shop, 'more'));
    const dist = path.join(dir, 'dist');
    const r = await run([dist, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary).toEqual({ errors: 0, warnings: 0 });
    const environ = fs.realpathSync('/proc/self/environ');
    expect(r.stderr).toBe(
      [
        `berth validate: skipped ${path.join(shop, 'e.yaml')}: it is a symbolic link to ${environ}, outside ${dist}`,
        `berth validate: skipped ${path.join(shop, 'more')}: it is a symbolic link to ${path.join(fs.realpathSync(dir), 'secrets')}, outside ${dist}`,
        `berth validate: skipped ${path.join(shop, 't.yaml')}: it is a symbolic link to ${fs.realpathSync(outside)}, outside ${dist}`,
        '',
      ].join('\n'),
    );
    expect(`${r.stdout}${r.stderr}`).not.toContain('SECRET');
  });

  test('links inside the folder are followed; a broken link, and a link back to a folder being read (a loop), are skipped', async () => {
    const dir = tmpDir();
    // The target's name is not *.yaml: it is read through the link only.
    fs.writeFileSync(path.join(dir, 'cm.txt'), CLEAN.replace('settings', 'Bad_Name'));
    fs.mkdirSync(path.join(dir, 'app'));
    fs.symlinkSync(path.join('..', 'cm.txt'), path.join(dir, 'app', 'linked.yaml'));
    fs.symlinkSync('..', path.join(dir, 'app', 'up'));
    fs.symlinkSync('gone.yaml', path.join(dir, 'app', 'broken.yaml'));
    const r = await run([dir, '--format', 'json', '--policy', 'none']);
    const problems = JSON.parse(r.stdout).problems as { file: string; rule: string }[];
    expect(problems.map((p) => [p.rule, p.file])).toEqual([
      ['grammar/object-name', path.join(dir, 'app', 'linked.yaml')],
    ]);
    expect(r.stderr).toBe(
      [
        `berth validate: skipped ${path.join(dir, 'app', 'broken.yaml')}: it is a symbolic link that leads nowhere (ENOENT)`,
        `berth validate: skipped ${path.join(dir, 'app', 'up')}: it is a symbolic link back to ${fs.realpathSync(dir)}, which is being read (a loop)`,
        '',
      ].join('\n'),
    );
  });

  test('a link given on the command line is read wherever it leads', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'elsewhere.yaml'), CLEAN);
    fs.mkdirSync(path.join(dir, 'in'));
    const link = path.join(dir, 'in', 'link.yaml');
    fs.symlinkSync(path.join(dir, 'elsewhere.yaml'), link);
    expect(await run([link])).toEqual({ code: 0, stdout: '0 errors, 0 warnings\n', stderr: '' });
  });

  test('a pipe or device in a folder is skipped with a note, not read (it would block or never end)', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'a.yaml'), CLEAN);
    const fifo = path.join(dir, 'pipe.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(await run([dir])).toEqual({
      code: 0,
      stdout: '0 errors, 0 warnings\n',
      stderr: `berth validate: skipped ${fifo}: it is not a regular file (a pipe, socket or device)\n`,
    });
  });
});

describe('values quoted in problems', () => {
  test('are clipped: a file of tokens given by mistake is not printed back, nor a long name', async () => {
    const dir = tmpDir();
    const f = path.join(dir, 'env.yaml');
    fs.writeFileSync(f, `A=${TOKEN}${TOKEN}\n---\n${CLEAN.replace('settings', 'x'.repeat(300))}`);
    const r = await run([f, '--format', 'json', '--policy', 'none']);
    const problems = JSON.parse(r.stdout).problems as { object: string; rule: string; value?: unknown }[];
    const notObject = problems.find((p) => p.object === '<not an object>')!;
    expect(notObject.value).toBe(`A=${TOKEN.slice(0, 38)}...`);
    const named = problems.find((p) => p.rule === 'grammar/object-name')!;
    expect(named.object).toBe(`ConfigMap/${'x'.repeat(253)}...`);
    expect(named.value).toBe(`${'x'.repeat(40)}...`);
  });

  test('a long object is quoted as the start of its JSON text', async () => {
    const dir = tmpDir();
    const f = path.join(dir, 'typo.yaml');
    fs.writeFileSync(f, `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndataa:\n  password: ${TOKEN}\n`);
    const r = await run([f, '--format', 'json', '--policy', 'none']);
    const problems = JSON.parse(r.stdout).problems as { rule: string; value?: unknown }[];
    expect(problems.find((p) => p.rule === 'schema/unknown-field')!.value).toBe(
      `{"password":"${TOKEN.slice(0, 27)}...`,
    );
  });

  /** A Deployment with a long string as replicas, and a ConfigMap with a long invalid key: schema and grammar problems quoting them. */
  async function longValues(): Promise<{ rule: string; field: string; message: string; hint: string }[]> {
    const dir = tmpDir();
    const f = path.join(dir, 'long.yaml');
    fs.writeFileSync(
      f,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: "${TOKEN}"\n---\n${CLEAN.replace('mode: fast', `${TOKEN}/x: z`)}`,
    );
    return JSON.parse((await run([f, '--format', 'json', '--policy', 'none'])).stdout).problems;
  }

  test('schema and grammar problems about long values are found (the case of the next test)', async () => {
    expect((await longValues()).map((p) => `${p.rule} ${p.field.length}`)).toEqual([
      'grammar/data-key 51',
      'schema/type 13',
      'schema/required 13',
      'schema/required 13',
    ]);
  });

  test('schema and grammar messages, hints and field paths quote a long bad value clipped', async () => {
    for (const p of await longValues()) expect(`${p.field} ${p.message} ${p.hint}`).not.toContain(TOKEN);
  });
});

describe('inputs that are not manifests', () => {
  const EMPTY_HINT =
    '  hint: If a command wrote it (helm template ... | berth validate -), check that the command succeeded; pass --allow-empty when no object is expected.\n';

  test('bytes that are not UTF-8 are unusable input, named with their offset', async () => {
    const dir = tmpDir();
    const f = path.join(dir, 'latin1.yaml');
    fs.writeFileSync(
      f,
      Buffer.concat([
        Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'),
        Buffer.from([0xe9]),
        Buffer.from('\n'),
      ]),
    );
    expect(await run([f])).toEqual({
      code: 2,
      stdout: '',
      stderr: `berth validate: ${f}: not UTF-8 text: byte 52 (0xE9) is not part of a UTF-8 character; kubectl refuses it too\n  hint: Save it as UTF-8 (iconv -f <its encoding> -t UTF-8), or remove the stray bytes.\n`,
    });
    const utf16 = await run(['-'], Buffer.from(`\ufeff${CLEAN}`, 'utf16le'));
    expect(utf16.code).toBe(2);
    expect(utf16.stderr).toBe(
      'berth validate: <stdin>: not UTF-8 text: byte 0 (0xFF) is not part of a UTF-8 character; kubectl refuses it too\n  hint: It is UTF-16 (it starts with its byte order mark): convert it with iconv -f UTF-16 -t UTF-8.\n',
    );
  });

  test('an input without an object is unusable unless --allow-empty: empty stdin, comments, an empty folder', async () => {
    expect(await run(['-'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `berth validate: <stdin>: no Kubernetes object in it: standard input is empty, or holds only comments and empty documents\n${EMPTY_HINT}`,
    });
    expect(await run(['-', '--allow-empty'])).toEqual({ code: 0, stdout: '0 errors, 0 warnings\n', stderr: '' });
    const dir = tmpDir();
    const comments = path.join(dir, 'comments.yaml');
    fs.writeFileSync(comments, '# Source: chart/templates/cm.yaml\n---\n# nothing rendered\n---\n');
    expect(await run([comments])).toEqual({
      code: 2,
      stdout: '',
      stderr: `berth validate: ${comments}: no Kubernetes object in it: the file is empty, or holds only comments and empty documents\n${EMPTY_HINT}`,
    });
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    expect((await run([empty])).stderr).toBe(
      `berth validate: ${empty}: no Kubernetes object in it: the folder holds no *.yaml or *.yml file to read\n${EMPTY_HINT}`,
    );
    fs.copyFileSync(comments, path.join(empty, 'a.yaml'));
    expect((await run([empty])).stderr).toBe(
      `berth validate: ${empty}: no Kubernetes object in it: its YAML file holds only comments and empty documents\n${EMPTY_HINT}`,
    );
    // Each input given must hold an object; an empty file among the files of a folder is fine.
    const clean = path.join(dir, 'clean.yaml');
    fs.writeFileSync(clean, CLEAN);
    expect((await run([clean, comments])).code).toBe(2);
    fs.writeFileSync(path.join(empty, 'b.yaml'), CLEAN);
    expect(await run([empty])).toEqual({ code: 0, stdout: '0 errors, 0 warnings\n', stderr: '' });
    expect(await run([clean, comments, '--allow-empty'])).toEqual({
      code: 0,
      stdout: '0 errors, 0 warnings\n',
      stderr: '',
    });
  });

  test('standard input that cannot be read is unusable input, said plainly', async () => {
    const ebadf = Object.assign(new Error('EBADF: bad file descriptor, fstat'), { code: 'EBADF' });
    expect(await run(['-'], ebadf)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'berth validate: <stdin>: cannot read: standard input is closed\n  hint: Pipe the YAML in (helm template ... | berth validate -), or give files or folders instead of -.\n',
    });
    const eio = Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    expect(await run(['-'], eio)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'berth validate: <stdin>: cannot read: EIO\n',
    });
  });

  test('the berth command: a folder on standard input, and a closed one (Node opens /dev/null in its place)', () => {
    const dir = tmpDir();
    const fd = fs.openSync(dir, 'r');
    try {
      expect(berth(['validate', '-'], fd)).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'berth validate: <stdin>: cannot read: standard input is a folder\n  hint: Give the folder as an argument: berth validate DIR.\n',
      });
    } finally {
      fs.closeSync(fd);
    }
    const closed = spawnSync(
      'sh',
      ['-c', `exec "${process.execPath}" "${path.join(REPO, 'bin', 'berth.js')}" validate - <&-`],
      { encoding: 'utf8' },
    );
    expect([closed.status, closed.stdout, closed.stderr]).toEqual([
      2,
      '',
      `berth validate: <stdin>: no Kubernetes object in it: standard input is empty, or holds only comments and empty documents\n${EMPTY_HINT}`,
    ]);
  });

  test('- given twice reads standard input once', async () => {
    expect(await run(['-', '-'], CLEAN)).toEqual({ code: 0, stdout: '0 errors, 0 warnings\n', stderr: '' });
  });

  test('an escape giving half of a surrogate pair is unusable input, naming the field, in any layout', async () => {
    const hint = '  hint: Write the character itself, or both halves of its escape (\\ud83d\\ude00 is one emoji).\n';
    // Berth's own layout (read by the fast reader), and another.
    expect(await run(['-'], `${CLEAN}  bad: "a\\ud800b"\n`)).toEqual({
      code: 2,
      stdout: '',
      stderr: `berth validate: <stdin>:7:8: cannot read YAML: the value at data.bad holds \\ud800, half of a UTF-16 surrogate pair: it is not text, and kubectl and Helm refuse it\n${hint}`,
    });
    expect((await run(['-'], `${CLEAN}---\nkind: List\nitems:\n    - data: {"\\udc00x": 1}\n`)).stderr).toBe(
      `berth validate: <stdin>:10:14: cannot read YAML: the key at items[0].data holds \\udc00, half of a UTF-16 surrogate pair: it is not text, and kubectl and Helm refuse it\n${hint}`,
    );
    // A whole pair is one character.
    expect((await run(['-', '--policy', 'none'], `${CLEAN}  ok: "\\ud83d\\ude00"\n`)).code).toBe(0);
  });
});
