// Browser tests of the elements, in the Debian Chromium (see RECIPE.md): TypeScript
// through esbuild (standard decorators, es2022), and a closing line CI can count:
// `wtr: N passed, N failed, N skipped`.
import { writeSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/chromium.mjs';
import { filesBackendPlugin } from './test/helpers/files-backend-plugin.mjs';
import { themesPlugin } from './test/helpers/themes-plugin.mjs';
import { servicesBackendPlugin } from './test/helpers/services-backend-plugin.mjs';

/** Counts the tests of a suite tree (wtr's session results). */
function count(suite, totals) {
  if (!suite) return totals;
  for (const test of suite.tests ?? []) {
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else totals.failed += 1;
  }
  for (const child of suite.suites ?? []) count(child, totals);
  return totals;
}

/**
 * Prints exactly one line when the run ends: `wtr: N passed, N failed, N skipped`. The
 * counts are taken in `onTestRunFinished` (the last run's, in watch mode); the line is
 * written when the process exits, straight to fd 1, after the default reporter's
 * terminal has flushed, so that it is the very last line.
 */
function closingLineReporter() {
  let line;
  process.once('exit', () => {
    if (line) writeSync(1, `${line}\n`);
  });
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        const before = totals.passed + totals.failed + totals.skipped;
        count(session.testResults, totals);
        // A test file that failed to load or run reports no test: count it as one failure.
        const ran = totals.passed + totals.failed + totals.skipped - before;
        if (!session.passed && ran === 0) totals.failed += 1;
        else if (!session.passed && totals.failed === 0 && (session.errors?.length ?? 0) > 0) totals.failed += 1;
      }
      line = `wtr: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
    },
  };
}

export default {
  files: ['test/components/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time: Chromium throttles the timers of a background page (to 1 s),
  // which slows timer-based waits in a second concurrent page past the time limits.
  concurrency: 1,
  concurrentBrowsers: 1,
  testFramework: { config: { timeout: 5000 } },
  // filesBackendPlugin: the real BFF and embedded S3 server for the files element's tests (started on first use);
  // themesPlugin: the names of themes/*.css (`atelier-themes`);
  // servicesBackendPlugin: the real BFF with test services for the services element's (local driver, or the fake cluster).
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }), filesBackendPlugin(), servicesBackendPlugin(), themesPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    }),
  ],
  reporters: [defaultReporter(), closingLineReporter()],
};
