/**
 * ChartSource: a vendored chart folder's content hash (the render cache's key) comes from the
 * cache while none of its files changed, so that a warm synth reads none of the chart's files
 * but Chart.yaml.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ChartSource } from '../../lib/chart/chart-source';
import { tmpDir } from '../support/file-tree';

/** A chart folder with a few files, one in a subchart. */
function chart(): string {
  const dir = path.join(tmpDir('berth-chart-'), 'demo');
  const files: Record<string, string> = {
    'Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 1.0.0\n',
    'values.yaml': 'level: INFO\n',
    'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n',
    'charts/db/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 2.0.0\n',
  };
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

/** Every file read with fs.readFileSync in this test file (Node's own fs cannot be spied on). */
const reads: string[] = [];
jest.mock('fs', () => {
  const real = jest.requireActual<typeof import('fs')>('fs');
  return {
    ...real,
    readFileSync: (...args: Parameters<typeof real.readFileSync>) => {
      if (typeof args[0] === 'string') reads.push(args[0]);
      return real.readFileSync(...args);
    },
  };
});

/** The chart's files `ChartSource.read(dir).contentHash` reads, in a process that has not read it yet. */
function filesReadForHash(dir: string): { hash: string; read: string[] } {
  reads.length = 0;
  let hash = '';
  // A fresh module: nothing of this process's memory, only the cache on disk.
  jest.isolateModules(() => {
    const fresh = require('../../lib/chart/chart-source') as typeof import('../../lib/chart/chart-source');
    hash = fresh.ChartSource.read(dir).contentHash;
  });
  const read = reads.filter((f) => f.startsWith(`${dir}/`)).map((f) => path.relative(dir, f));
  return { hash, read: read.sort() };
}

test('an unchanged chart folder: its hash from the cache, none of its files read but Chart.yaml', () => {
  const dir = chart();
  const first = filesReadForHash(dir);
  expect(first.read).toEqual(['Chart.yaml', 'Chart.yaml', 'charts/db/Chart.yaml', 'templates/cm.yaml', 'values.yaml']);
  const again = filesReadForHash(dir);
  expect(again).toEqual({ hash: first.hash, read: ['Chart.yaml'] });
});

test('a file rewritten with the same size and its modification time put back: a new hash, as its bytes give', () => {
  const dir = chart();
  const before = ChartSource.read(dir).contentHash;
  const file = path.join(dir, 'values.yaml');
  const { atime, mtime } = fs.statSync(file);
  fs.writeFileSync(file, 'level: WARN\n');
  fs.utimesSync(file, atime, mtime);
  const after = filesReadForHash(dir).hash;
  expect(after).not.toBe(before);
  // The same hash as a chart never hashed before with these bytes.
  const copy = path.join(tmpDir('berth-chart-'), 'demo');
  fs.cpSync(dir, copy, { recursive: true });
  expect(ChartSource.read(copy).contentHash).toBe(after);
});
