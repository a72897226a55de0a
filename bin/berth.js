#!/usr/bin/env node
'use strict';
// Berth's modules and its dependencies' compile through V8's code cache (see module-code-cache).
require('../build/lib/cli/module-code-cache.js').enableModuleCodeCache();
// cdk8s's own YAML package loads when a program uses it, not at start-up (see deferred-modules).
require('../build/lib/cli/deferred-modules.js').deferUnusedModules();
require('../build/lib/cli/main.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`berth: internal error: ${err && err.message ? err.message : err}\n`); process.exitCode = 70; },
);
