/**
 * Runs one command as a whole process and measures it from outside: wall time (process start
 * to exit, start-up included), CPU time (user + system) and peak resident set size.
 *
 * Two methods, chosen once:
 * - `time`: the command runs under `/usr/bin/time -f '%e %U %S %M'` (GNU time, reading the
 *   child's `wait4` rusage): CPU and peak RSS (`ru_maxrss`) come from it; wall time is taken
 *   here with `process.hrtime` around spawn → exit (finer than `%e`'s 10 ms).
 * - `proc` (no GNU time): the command is spawned directly; `/proc/<pid>/status` (`VmHWM`, the
 *   kernel's own peak-RSS counter) and `/proc/<pid>/stat` (utime + stime) are polled every
 *   5 ms, so the last sample before exit is kept (a lower bound that misses at most 5 ms of growth).
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** One measured run. */
export interface Measurement {
  /** Wall time, seconds. */
  readonly wall: number;
  /** User + system CPU time, seconds (undefined when unknown). */
  readonly cpu?: number;
  /** Peak resident set size, KiB. */
  readonly peakRssKiB: number;
  /** Exit code. */
  readonly exitCode: number;
  /** The command's stderr (and stdout when it is not redirected), for error messages. */
  readonly output: string;
  /** Whether it was killed at {@link RunSpec.timeoutSeconds}. */
  readonly timedOut?: boolean;
}

/** How a command runs. */
export interface RunSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** Redirect the command's stdout to this file (as a shell `>` would). */
  readonly stdoutFile?: string;
  /** Kill the command (SIGKILL) after this many seconds; its run then has `timedOut` set. */
  readonly timeoutSeconds?: number;
}

const TIME_BIN = '/usr/bin/time';

let method: 'time' | 'proc' | undefined;

/** The measuring method in use (see the module comment). */
export function measuringMethod(): 'time' | 'proc' {
  if (method === undefined) {
    method = 'proc';
    if (fs.existsSync(TIME_BIN)) {
      const probe = spawnSync(TIME_BIN, ['-f', '%e %U %S %M', process.execPath, '-e', '0'], { encoding: 'utf8' });
      if (probe.status === 0 && /^\d+(\.\d+)? \d+(\.\d+)? \d+(\.\d+)? \d+\s*$/m.test(probe.stderr)) method = 'time';
    }
  }
  return method;
}

/** A short description of the method, for the report. */
export function describeMethod(): string {
  return measuringMethod() === 'time'
    ? "wall: process.hrtime around child_process.spawn → exit; CPU and peak RSS: GNU /usr/bin/time -f '%e %U %S %M' (wait4 rusage of the child)"
    : 'wall: process.hrtime around child_process.spawn → exit; peak RSS: VmHWM polled from /proc/<pid>/status every 5 ms; CPU: utime+stime from /proc/<pid>/stat';
}

function readProc(pid: number): { hwmKiB: number; cpu: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return { hwmKiB: hwm ? Number(hwm[1]) : 0, cpu: ticks / 100 };
  } catch {
    return undefined;
  }
}

/** Runs `spec` once and measures it. */
export function measure(spec: RunSpec): Promise<Measurement> {
  const useTime = measuringMethod() === 'time';
  const report = path.join(os.tmpdir(), `berth-bench-time-${process.pid}.txt`);
  const command = useTime ? TIME_BIN : spec.command;
  const args = useTime ? ['-f', '%e %U %S %M', '-o', report, spec.command, ...spec.args] : [...spec.args];
  const out = spec.stdoutFile ? fs.openSync(spec.stdoutFile, 'w') : undefined;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    // With a timeout, the command gets its own process group, so that the kill reaches it under GNU time too.
    const child = spawn(command, args, {
      cwd: spec.cwd,
      stdio: ['ignore', out ?? 'pipe', 'pipe'],
      detached: spec.timeoutSeconds !== undefined,
    });
    let output = '';
    child.stdout?.on('data', (b: Buffer) => {
      output += b.toString();
    });
    child.stderr?.on('data', (b: Buffer) => {
      output += b.toString();
    });
    let peak = 0;
    let cpu = 0;
    let timedOut = false;
    const killer =
      spec.timeoutSeconds === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          }, spec.timeoutSeconds * 1000);
    const timer = useTime
      ? undefined
      : setInterval(() => {
          const s = child.pid ? readProc(child.pid) : undefined;
          if (s) {
            peak = Math.max(peak, s.hwmKiB);
            cpu = s.cpu;
          }
        }, 5);
    child.on('error', (e) => {
      if (timer) clearInterval(timer);
      if (killer) clearTimeout(killer);
      if (out !== undefined) fs.closeSync(out);
      reject(e);
    });
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      if (timer) clearInterval(timer);
      if (killer) clearTimeout(killer);
      if (out !== undefined) fs.closeSync(out);
      const killed = timedOut ? { timedOut } : {};
      if (!useTime) {
        resolve({ wall, cpu: cpu || undefined, peakRssKiB: peak, exitCode: code ?? -1, output, ...killed });
        return;
      }
      const text = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : '';
      fs.rmSync(report, { force: true });
      // GNU time writes "Command exited with non-zero status N" before the figures on failure.
      const line = text.trim().split('\n').pop() ?? '';
      const [, user, sys, maxrss] = line.split(' ').map(Number);
      resolve({ wall, cpu: user + sys, peakRssKiB: maxrss || 0, exitCode: code ?? -1, output, ...killed });
    });
  });
}
