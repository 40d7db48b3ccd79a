// Prints vitest's JSON report as one plain closing line ("tests: N passed, N failed"), which CI
// tooling reads; vitest's own coloured summary is not in a format such tools parse.
import { readFileSync } from 'node:fs';
const report = JSON.parse(readFileSync(new URL('../test-results/vitest.json', import.meta.url), 'utf8'));
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(report.numFailedTests === 0 && report.numPassedTests > 0 ? 0 : 1);
