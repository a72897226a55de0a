import { userFrame } from '../../lib/cli/load-program';

test("userFrame names the first frame in the user's program, skipping Berth and node_modules", () => {
  const err = new Error('bad');
  err.stack = [
    'Error: bad',
    '    at invalid (/repo/lib/core/input-checks.ts:14:10)',
    '    at new Deployment (/repo/node_modules/berth/build/lib/workloads/deployment.js:20:3)',
    '    at Object.<anonymous> (/home/me/platform/apps/main.ts:12:5)',
    '    at Module._compile (node:internal/modules/cjs/loader:1469:14)',
  ].join('\n');
  expect(userFrame(err, '/home/me/platform')).toBe('apps/main.ts:12:5');
  expect(userFrame(err, '/elsewhere')).toBeUndefined();
});
