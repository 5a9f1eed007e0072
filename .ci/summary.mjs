// Prints "N passed, N failed[, N skipped]" from a vitest JSON report.
// usage: node .ci/summary.mjs <vitest.json> <exit status of the test run>
// Exits 1 (printing nothing) when the report is missing or unreadable, so the caller prints its fallback.
import { readFileSync } from 'node:fs';

const [file, statusArg = '0'] = process.argv.slice(2);
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  process.exit(1);
}

const passed = report.numPassedTests ?? 0;
let failed = report.numFailedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);

// A test file that fails to load (syntax error, throwing import, failing hook) fails the run without
// failing any single test; count each such file once so the summary never says "0 failed" for a red run.
for (const file of report.testResults ?? []) {
  const failedInside = (file.assertionResults ?? []).filter((t) => t.status === 'failed').length;
  if (file.status === 'failed' && failedInside === 0) failed += 1;
}
// Same for a run that failed for reasons outside any file (unhandled errors, no test files found...).
if (failed === 0 && (Number(statusArg) !== 0 || report.success === false)) failed = 1;

console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
