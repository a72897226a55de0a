/** What `berth import` reads: a size limit per input file, and symbolic links out of a directory skipped. */
import { closeSync, existsSync, mkdirSync, openSync, realpathSync, symlinkSync, truncateSync, writeFileSync } from 'fs';
import { join } from 'path';
import { cleanTempDirs, crd, runImport, tempDir, writeInput } from './helpers';

afterAll(cleanTempDirs);

const run = runImport;

const widget = JSON.stringify(
  crd({ schema: { type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } } } }),
);
const NOTHING_WRITTEN = 'berth import: nothing was written because of the errors above\n';

test('an input file over --max-input-size is an error naming it, and nothing is written', async () => {
  const dir = tempDir();
  writeInput(dir, 'w.yaml', widget);
  const size = Buffer.byteLength(widget);
  expect(await run(['w.yaml', '--max-input-size', '100'], dir)).toEqual({
    code: 1,
    stdout: '',
    stderr: `w.yaml: ${size} bytes, more than the limit of 100 bytes for one input file; split it into smaller files, or raise the limit: --max-input-size 1Mi (importing it may take minutes and gigabytes of memory)\n${NOTHING_WRITTEN}`,
  });
  expect(existsSync(join(dir, 'imports'))).toBe(false);
  expect((await run(['-', '--max-input-size', '100'], dir, widget)).stderr).toBe(
    `<stdin>: more than the limit of 100 bytes for one input file; split it into smaller files, or raise the limit: --max-input-size 1Mi (importing it may take minutes and gigabytes of memory)\n${NOTHING_WRITTEN}`,
  );
  expect((await run(['w.yaml', `--max-input-size=${size}`], dir)).code).toBe(0);
});

test('the default limit is 16 MiB an input file', async () => {
  const dir = tempDir();
  const f = join(dir, 'huge.yaml');
  // A sparse file: its size is checked before any byte is read.
  closeSync(openSync(f, 'w'));
  truncateSync(f, 16 * 1024 * 1024 + 1);
  expect((await run(['huge.yaml'], dir)).stderr).toBe(
    `huge.yaml: 16 MiB, more than the limit of 16 MiB for one input file; split it into smaller files, or raise the limit: --max-input-size 17Mi (importing it may take minutes and gigabytes of memory)\n${NOTHING_WRITTEN}`,
  );
});

test('a symbolic link in a directory leading out of it is skipped with a note; one given is read', async () => {
  const dir = tempDir();
  writeInput(dir, 'outside.yaml', widget);
  mkdirSync(join(dir, 'crds'));
  writeInput(
    dir,
    'crds/gadget.yaml',
    JSON.stringify(crd({ kind: 'Gadget', group: 'gadgets.example.com', schema: { type: 'object' } })),
  );
  symlinkSync(join(dir, 'outside.yaml'), join(dir, 'crds', 'widget.yaml'));
  const r = await run(['crds'], dir);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(
    `crds/widget.yaml: note: skipped: it is a symbolic link to ${realpathSync(join(dir, 'outside.yaml'))}, outside crds\nwrote imports/gadgets.example.com.ts\n`,
  );
  expect((await run(['crds/widget.yaml'], dir)).stdout).toBe('wrote imports/example.com.ts\n');
});

test('--max-input-size needs a size', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'w.yaml'), widget);
  expect((await run(['w.yaml', '--max-input-size', 'big'], dir)).stderr.split('\n')[0]).toBe(
    'berth import: --max-input-size needs a size in bytes, or with Ki, Mi or Gi (got "big"; e.g. 64Mi)',
  );
});
