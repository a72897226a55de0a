/** What `berth import` reads: symbolic links out of a directory are skipped. */
import { mkdirSync, realpathSync, symlinkSync } from 'fs';
import { join } from 'path';
import { cleanTempDirs, crd, runImport, tempDir, writeInput } from './helpers';

afterAll(cleanTempDirs);

const run = runImport;

const widget = JSON.stringify(crd({ schema: { type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } } } }));

test('a symbolic link in a directory leading out of it is skipped with a note; one given is read', async () => {
  const dir = tempDir();
  writeInput(dir, 'outside.yaml', widget);
  mkdirSync(join(dir, 'crds'));
  writeInput(dir, 'crds/gadget.yaml', JSON.stringify(crd({ kind: 'Gadget', group: 'gadgets.example.com', schema: { type: 'object' } })));
  symlinkSync(join(dir, 'outside.yaml'), join(dir, 'crds', 'widget.yaml'));
  const r = await run(['crds'], dir);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(`crds/widget.yaml: note: skipped: it is a symbolic link to ${realpathSync(join(dir, 'outside.yaml'))}, outside crds\nwrote imports/gadgets.example.com.ts\n`);
  expect((await run(['crds/widget.yaml'], dir)).stdout).toBe('wrote imports/example.com.ts\n');
});
