import * as fs from 'fs';
import * as path from 'path';
import { ApiResource, Application, Environment, Platform } from 'berth-k8s';
import { DiskCache, noSpeedups, NO_DISK_CACHE, speedups } from '../../lib/perf/speedups';
import { runSynthesis } from '../../lib/synth/synthesizer';
import { readTree, tmpDir } from '../support/file-tree';

/*
 * The speed-up machinery (lib/perf) is chosen by the orchestrator and passed down; each part
 * only saves time. Its own file: validators compiled by other tests of the same process would
 * be in memory already, and validation would not ask the disk cache for them.
 */

function platform(): Platform {
  const p = new Platform();
  for (const envName of ['dev', 'prod']) {
    const app = new Application(new Environment(p, envName, { config: {} }), 'shop');
    for (const name of ['a', 'b', 'c'])
      new ApiResource(app, name, { apiVersion: 'v1', kind: 'ConfigMap' }, { data: { env: envName, name } });
    new ApiResource(app, 'token', { apiVersion: 'v1', kind: 'Secret' }, { stringData: { token: envName } });
  }
  return p;
}

/** Every file under `dir`, relative path → its bytes (hex): equal trees are equal byte for byte. */
function readBytes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of Object.keys(readTree(dir))) out[rel] = fs.readFileSync(path.join(dir, rel)).toString('hex');
  return out;
}

const options = { policy: 'none', format: 'all', gitops: { repoURL: 'https://example.com/p.git' } } as const;

test("validation reads and writes compiled validators through the run's disk cache only", () => {
  const read: string[] = [];
  const written: string[] = [];
  const recording: DiskCache = {
    ...NO_DISK_CACHE,
    readText: (f) => (read.push(f), undefined),
    write: (f) => void written.push(f),
  };
  runSynthesis(
    platform(),
    { ...options, dryRun: true },
    { speedups: speedups({ diskCache: recording, codeCache: false }) },
  );
  const ajv = (files: string[]): string[] => files.filter((f) => f.includes(`${path.sep}ajv${path.sep}`)).sort();
  // Each validator it needed was looked up, not found, compiled and offered to the cache.
  expect(ajv(read).length).toBeGreaterThan(0);
  expect(ajv(written)).toEqual(ajv(read));
});

test('every part off, the threaded write alone, and every part on write the same bytes', () => {
  const off = path.join(tmpDir(), 'dist');
  const threaded = path.join(tmpDir(), 'dist');
  const on = path.join(tmpDir(), 'dist');
  runSynthesis(platform(), { ...options, outdir: off }, { speedups: noSpeedups() });
  runSynthesis(
    platform(),
    { ...options, outdir: threaded },
    { speedups: { ...noSpeedups(), threadedWriteMinObjects: 0 } },
  );
  runSynthesis(platform(), { ...options, outdir: on }, { speedups: speedups({ threadedWriteMinObjects: 0 }) });
  expect(Object.keys(readBytes(off)).length).toBeGreaterThan(10);
  expect(readBytes(threaded)).toEqual(readBytes(off));
  expect(readBytes(on)).toEqual(readBytes(off));
});

test('BERTH_NO_CODE_CACHE switches the code cache off; options win over it', () => {
  const file = path.join(tmpDir(), 'm.js');
  fs.writeFileSync(file, 'module.exports = 1;\n');
  const off = speedups({}, { BERTH_NO_CODE_CACHE: '1' });
  expect(off.codeCache.load(file)).toBe(1);
  expect(off.codeCache.persist()).toEqual([]);
  const on = speedups({ codeCache: true }, { BERTH_NO_CODE_CACHE: '1' });
  expect(on.codeCache.load(file)).toBe(1);
  expect(on.codeCache.persist()).toEqual([`${file}.v8cache`]);
  expect(noSpeedups().threadedWriteMinObjects).toBe(Infinity);
  expect(speedups().threadedWriteMinObjects).toBe(5000);
});
