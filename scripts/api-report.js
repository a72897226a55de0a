#!/usr/bin/env node
/*
 * Checks or rewrites the reports of Berth's public API (etc/berth.api.md for `berth`,
 * etc/berth-testing.api.md for `berth/testing`) with API Extractor, from the declarations the
 * build wrote to build/lib/.
 *
 *   node scripts/api-report.js            fail when an API differs from its report (npm run api:check)
 *   node scripts/api-report.js --update   rewrite the reports (npm run api:update)
 *
 * Both entry points are read by one TypeScript program, so the check costs one analysis.
 */
'use strict';
const path = require('path');
const { CompilerState, Extractor, ExtractorConfig } = require('@microsoft/api-extractor');

const root = path.resolve(__dirname, '..');
const update = process.argv.includes('--update');
const configs = ['api-extractor.json', 'api-extractor.testing.json'].map((f) =>
  ExtractorConfig.loadFileAndPrepare(path.join(root, f)),
);

/** The report's path relative to the repository, e.g. `etc/berth.api.md`. */
function reportOf(config) {
  return path.relative(root, path.join(config.reportFolder, config.reportConfigs[0].fileName));
}

const QUIET = new Set([
  'console-preamble',
  'console-compiler-version-notice',
  'console-api-report-not-copied',
  'console-api-report-copied',
  'console-api-report-created',
]);

const compilerState = CompilerState.create(configs[0], {
  additionalEntryPoints: configs.slice(1).map((c) => c.mainEntryPointFilePath),
});
const changed = [];
let failed = false;
for (const config of configs) {
  const result = Extractor.invoke(config, {
    localBuild: update,
    compilerState,
    printApiReportDiff: !update,
    messageCallback: (message) => {
      // What became of the reports is said once, below, in this project's terms (API Extractor's
      // own advice names its temp folder and "a local build"); its preamble is noise here.
      if (QUIET.has(message.messageId)) message.handled = true;
    },
  });
  if (result.apiReportChanged) changed.push(reportOf(config));
  if (!result.succeeded) failed = true;
}
const reports = configs.map(reportOf);
if (update) {
  process.stdout.write(
    changed.length
      ? `Updated ${changed.join(' and ')}: commit the change with the change of the API.\n`
      : `${reports.join(' and ')}: up to date.\n`,
  );
} else if (changed.length) {
  process.stderr.write(
    `\nThe public API differs from ${changed.join(' and ')} (the differences are above).\n` +
      'If the change is deliberate, run `npm run api:update` and commit the updated report with it; ' +
      'otherwise, change lib/index.ts or lib/testing/index.ts (or the exported declarations) back.\n',
  );
} else if (!failed) {
  process.stdout.write(`The public API matches ${reports.join(' and ')}.\n`);
}
if (failed || (!update && changed.length)) process.exit(1);
