import * as path from 'path';
import { Platform } from '../core/platform';
import { registerTypeScript } from './ts-loader';
import { UsageError } from './usage-error';

/**
 * Loads the platform program (a `.ts` or `.js` module) in this process and returns the
 * Platform it exports (`export const platform = ...`, a default export, or any exported
 * Platform). Errors thrown while the program builds its constructs are reported with the
 * program's own message (construct errors name the construct path), not a stack trace.
 */
export function loadPlatform(root: string, app: string): Platform {
  const file = path.resolve(root, app);
  if (!/\.(ts|js|cjs)$/.test(file)) {
    throw new UsageError(`cdk8s.yaml: app is ${JSON.stringify(app)}: expected a .ts or .js module that exports the Platform`, 'Example: `app: apps/main.ts`.');
  }
  if (file.endsWith('.ts')) {
    registerTypeScript();
  }
  let mod: Record<string, unknown>;
  try {
    mod = require(file) as Record<string, unknown>;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err?.code === 'MODULE_NOT_FOUND' && String(err.message).includes(file)) {
      throw new UsageError(`the program ${app} does not exist`, 'Check `app:` in cdk8s.yaml.');
    }
    throw new UsageError(`the program ${app} failed while building the platform: ${err?.message ?? String(e)}`, 'Fix the construct named in the message, then synth again.', 1);
  }
  const candidates = [mod.platform, mod.default, ...Object.values(mod)];
  const found = candidates.find((c) => Platform.isPlatform(c));
  if (!found) {
    throw new UsageError(`the program ${app} exports no Platform`, 'Add `export const platform = new Platform();` to it.');
  }
  return found as Platform;
}
