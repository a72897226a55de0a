#!/usr/bin/env node
'use strict';
require('../build/lib/cli/main.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`berth: internal error: ${err && err.message ? err.message : err}\n`); process.exitCode = 70; },
);
