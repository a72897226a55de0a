#!/usr/bin/env node
'use strict';
// Berth's modules and its dependencies' compile through V8's code cache (see module-code-cache).
require('../build/lib/perf/module-code-cache.js').enableModuleCodeCache();
// cdk8s's own YAML package loads when a program uses it, not at start-up (see deferred-modules).
require('../build/lib/perf/deferred-modules.js').deferUnusedModules();

/**
 * Ends the process once what it printed has reached stdout and stderr (writes to a pipe can be
 * queued): the command's work is done, and a timer or socket the user's program left open must
 * not keep it running.
 */
function exitWith(code) {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

require('../build/lib/cli/main.js')
  .main(process.argv.slice(2))
  .then(
    (code) => exitWith(code),
    (err) => {
      process.stderr.write(`berth: internal error: ${err && err.message ? err.message : err}\n`);
      exitWith(70);
    },
  );
