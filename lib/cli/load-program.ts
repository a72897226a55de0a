import * as path from 'path';
import { Platform } from '../synth/platform';
import { propertyOf, thrownMessage } from '../model/thrown-value';
import { ProgramSyntaxError, registerTypeScript } from './ts-loader';
import { UsageError } from '../model/usage-error';

/**
 * Loads the platform program (a `.ts` or `.js` module) in this process and returns the
 * Platform it exports (`export const platform = ...`, a default export, or any exported
 * Platform). Errors thrown while the program builds its constructs are reported with the
 * program's own message (construct errors name the construct path), not a stack trace.
 */
export function loadPlatform(root: string, app: string): Platform {
  const file = path.resolve(root, app);
  if (!/\.(ts|js|cjs)$/.test(file)) {
    throw new UsageError(
      `cdk8s.yaml: app is ${JSON.stringify(app)}: expected a .ts or .js module that exports the Platform`,
      'Example: `app: apps/main.ts`.',
    );
  }
  if (file.endsWith('.ts')) {
    registerTypeScript();
  }
  let mod: Record<string, unknown>;
  try {
    mod = require(file) as Record<string, unknown>;
  } catch (e) {
    // What a program throws need not be an Error (see thrown-value): its fields are read safely.
    if (propertyOf(e, 'code') === 'MODULE_NOT_FOUND') {
      // The first line names the module not found: the program itself, or one it imports
      // (the program then only appears in the require stack below).
      const missing = /^Cannot find module '(.*)'/.exec(String(propertyOf(e, 'message')))?.[1];
      if (missing === file) throw new UsageError(`the program ${app} does not exist`, 'Check `app:` in cdk8s.yaml.');
      const requireStack = propertyOf(e, 'requireStack');
      const importer = Array.isArray(requireStack) && typeof requireStack[0] === 'string' ? requireStack[0] : undefined;
      if (missing !== undefined && importer !== undefined) {
        const from = path.relative(root, importer) || importer;
        if (missing.startsWith('.') || path.isAbsolute(missing)) {
          throw new UsageError(
            `${from} imports ${JSON.stringify(missing)}, which does not exist`,
            `Fix the path (relative to ${path.dirname(from)}), or create the file.`,
          );
        }
        const pkg = missing.startsWith('@') ? missing.split('/').slice(0, 2).join('/') : missing.split('/')[0];
        throw new UsageError(
          `${from} imports ${JSON.stringify(missing)}, which is not installed`,
          `Install the project's dependencies (npm install), or add ${JSON.stringify(pkg)} to its package.json.`,
        );
      }
    }
    const syntax = syntaxErrorAt(e, root);
    if (syntax) {
      throw new UsageError(
        `the program ${app} does not parse: ${syntax.where}: ${syntax.reason}`,
        `Fix the code there, then synth again:\n      ${syntax.sourceLine.trimEnd()}\n      ${' '.repeat(Math.max(0, syntax.column - 1))}^`,
        1,
      );
    }
    throw programFailure(app, root, e);
  }
  const candidates = [mod.platform, mod.default, ...Object.values(mod)];
  const found = candidates.find((c) => Platform.isPlatform(c));
  if (!found) {
    throw new UsageError(
      `the program ${app} exports no Platform`,
      'Add `export const platform = new Platform();` to it.',
    );
  }
  return found as Platform;
}

/**
 * The error for a value the program threw while it built the platform: its message, and the
 * line of the program that threw when the stack names one. `how` says how it escaped when
 * the code synth ran did not throw it (a promise rejected with no handler, say).
 */
export function programFailure(app: string, root: string, thrown: unknown, how?: string): UsageError {
  const where = userFrame(thrown, root);
  const hint = where
    ? `Fix the code at ${where} as the message says, then synth again.`
    : // A value that is no Error carries no stack: nothing says where it was thrown.
      typeof propertyOf(thrown, 'stack') !== 'string'
      ? 'Find where the program throws it (throwing an Error instead makes synth name the line), then synth again.'
      : 'Fix the construct named in the message, then synth again.';
  return new UsageError(
    `the program ${app} failed while building the platform${where ? ` at ${where}` : ''}: ${thrownMessage(thrown)}${how ? ` (${how})` : ''}`,
    hint,
    1,
  );
}

/** Where a program does not parse: `file:line:column` relative to `root`, the reason and the line's text. */
interface SyntaxErrorAt {
  readonly where: string;
  readonly reason: string;
  readonly sourceLine: string;
  readonly column: number;
}

/**
 * The location of a syntax error in the program: from the TypeScript loader's error, or from
 * Node's (whose stack starts with `file:line`, the line's text and a caret under the column).
 */
export function syntaxErrorAt(e: unknown, root: string): SyntaxErrorAt | undefined {
  if (e instanceof ProgramSyntaxError) {
    return {
      where: `${path.relative(root, e.file)}:${e.line}:${e.column}`,
      reason: e.reason,
      sourceLine: e.sourceLine,
      column: e.column,
    };
  }
  const stack = propertyOf(e, 'stack');
  if (!(e instanceof SyntaxError) || typeof stack !== 'string') return undefined;
  const [head, text, caret] = stack.split('\n');
  const m = /^(.+):(\d+)$/.exec(head ?? '');
  if (!m || text === undefined || caret === undefined || !/^\s*\^+\s*$/.test(caret)) return undefined;
  const column = caret.indexOf('^') + 1;
  return {
    where: `${path.relative(root, m[1])}:${m[2]}:${column}`,
    reason: thrownMessage(e),
    sourceLine: text,
    column,
  };
}

/** The package folder of Berth itself (frames inside it are not the user's). */
const BERTH_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * The first stack frame of `err` in the user's own code (under `root`, outside node_modules and
 * outside Berth), as `file:line:column` relative to `root`: the line that made the bad construct.
 */
export function userFrame(err: unknown, root: string): string | undefined {
  const stack = propertyOf(err, 'stack');
  if (typeof stack !== 'string') return undefined;
  for (const line of stack.split('\n')) {
    const m = /\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!m) continue;
    const file = m[1];
    const inBerth =
      file.startsWith(path.join(BERTH_ROOT, 'lib') + path.sep) ||
      file.startsWith(path.join(BERTH_ROOT, 'build', 'lib') + path.sep);
    if (
      inBerth ||
      file.includes(`${path.sep}node_modules${path.sep}`) ||
      !file.startsWith(path.resolve(root) + path.sep)
    )
      continue;
    return `${path.relative(root, file)}:${m[2]}:${m[3]}`;
  }
  return undefined;
}
