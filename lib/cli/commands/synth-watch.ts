/**
 * `berth synth --watch`: one process that synthesizes again whenever the program's sources or
 * `cdk8s.yaml` change. Each run is an ordinary synth (validated, then swapped in atomically;
 * a file whose bytes did not change keeps its inode, see tree-writer's `placeFile`), with
 * Berth's modules, its validators and the construct library already loaded. A run that fails
 * prints why and leaves the output as it was; the next good edit writes. SIGINT and SIGTERM
 * stop the process once the run under way has committed or dropped its staging folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../../model/usage-error';
import { CommandIO } from '../io';
import { readProjectConfig } from '../project-config';

/** How a watch is stopped and observed (tests; the command uses the process's signals). */
export interface WatchControl {
  /** Stops the watch like SIGINT (after the run under way). */
  readonly signal?: AbortSignal;
  /** Quiet time after a change before the run starts, in milliseconds. @default 30 */
  readonly debounceMs?: number;
}

/** Berth's own package folder: its modules stay loaded between runs. */
const BERTH_ROOT = path.resolve(__dirname, '..', '..', '..');

function inside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Forgets the project's own modules (below `root`, outside `node_modules` and Berth), so the
 * next `require` of the program reads the edited files. Dependencies stay loaded: their classes
 * are the ones the program's objects must share with Berth.
 */
function forgetProjectModules(root: string): void {
  for (const file of Object.keys(require.cache)) {
    if (!inside(file, root)) continue;
    if (file.split(path.sep).includes('node_modules')) continue;
    if (inside(file, path.join(BERTH_ROOT, 'lib')) || inside(file, path.join(BERTH_ROOT, 'build'))) continue;
    delete require.cache[file];
  }
}

/** The folders watched: what the program is made of, by the project's layout. */
interface Watched {
  /** Folders watched with their sub-folders. */
  readonly trees: readonly string[];
  /** The project folder itself, watched without sub-folders (cdk8s.yaml, a program at the top). */
  readonly root: string;
  readonly outdir: string;
}

function watchedFolders(cwd: string, outdir: string | undefined): Watched {
  const config = readProjectConfig(cwd);
  const programDir = path.dirname(path.resolve(config.root, config.app));
  const trees = new Set<string>();
  for (const dir of [path.join(config.root, 'apps'), path.join(config.root, 'lib'), programDir]) {
    if (dir !== config.root && fs.existsSync(dir) && fs.statSync(dir).isDirectory()) trees.add(dir);
  }
  return {
    trees: [...trees].sort(),
    root: config.root,
    outdir: outdir ?? path.resolve(config.root, config.output),
  };
}

/** Modules a program at the top of the project may be made of. */
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs|json)$/;

/**
 * Whether a change at `file` should run synth again: any file under a watched folder (a
 * program may read data files too), and at the top of the project `cdk8s.yaml` and modules
 * (not a log the user redirects synth's output to); never the output, `node_modules` or a
 * hidden entry (synth's staging folders and lock, `.berth-cache`, `.git`).
 */
function relevant(file: string, w: Watched): boolean {
  if (file === w.outdir || inside(file, w.outdir)) return false;
  const rel = path.relative(w.root, file);
  if (rel.split(path.sep).some((part) => part.startsWith('.') || part === 'node_modules')) return false;
  if (path.dirname(file) === w.root) return rel === 'cdk8s.yaml' || (SOURCE.test(rel) && rel !== 'package-lock.json');
  return w.trees.some((t) => inside(file, t));
}

/**
 * Runs `once` (one synth that prints its own report and returns its exit code), then again after
 * every relevant change until stopped. Returns 130 after SIGINT, 143 after SIGTERM, 0 when
 * `control.signal` stopped it.
 */
export async function watchSynth(
  cwd: string,
  outdir: string | undefined,
  once: () => Promise<number>,
  io: CommandIO,
  control: WatchControl = {},
): Promise<number> {
  const watched = watchedFolders(cwd, outdir);
  const debounce = control.debounceMs ?? 30;
  const watchers: fs.FSWatcher[] = [];
  let running = false;
  let again = false;
  let changed: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopCode: number | undefined;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));

  const run = async (): Promise<void> => {
    const started = Date.now();
    const why = changed;
    changed = undefined;
    forgetProjectModules(watched.root);
    let code: number;
    try {
      code = await once();
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      io.stderr(`berth synth: ${e.message}\n${e.hint ? `  hint: ${e.hint}\n` : ''}`);
      code = e.exitCode;
    }
    const after = why ? ` after ${path.relative(watched.root, why) || why} changed` : '';
    io.stderr(
      `berth synth --watch: ${code === 0 ? 'written' : 'failed'} in ${Date.now() - started} ms${after}${code === 0 ? '' : ', the output is unchanged'}; watching for changes (Ctrl-C stops)\n`,
    );
  };

  const kick = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await run();
      } while (again && stopCode === undefined);
    } catch (e) {
      // Not the user's error (a failed write, a bug): the watch cannot go on meaningfully.
      io.stderr(`berth synth --watch: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      stop(70);
    } finally {
      running = false;
    }
    if (stopCode !== undefined) finish(stopCode);
  };

  const onChange = (dir: string, name: string | Buffer | null): void => {
    if (stopCode !== undefined) return;
    const file = name === null ? dir : path.join(dir, name.toString());
    if (!relevant(file, watched)) return;
    changed = file;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void kick(), debounce);
  };

  const stop = (code: number): void => {
    if (stopCode !== undefined) return;
    stopCode = code;
    if (timer) clearTimeout(timer);
    for (const w of watchers) w.close();
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigterm);
    // A run under way finishes first: it commits its output or removes its staging folder.
    if (!running) finish(code);
  };
  const onSigint = (): void => stop(130);
  const onSigterm = (): void => stop(143);
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  control.signal?.addEventListener('abort', () => stop(0), { once: true });

  for (const dir of watched.trees) watchers.push(fs.watch(dir, { recursive: true }, (_e, n) => onChange(dir, n)));
  watchers.push(fs.watch(watched.root, (_e, n) => onChange(watched.root, n)));
  await kick();
  return done;
}
