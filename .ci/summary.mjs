// CI's closing line. CI reads only a plain last line "N passed, N failed" (vitest's own summary is not a format it
// parses), so every suite leaves its counts in .ci/results/: vitest suites as their JSON report (*.json), other
// checks as one line "passed failed name" (*.count). This prints the per-suite counts, then the one closing line.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.ci/results';
let passed = 0;
let failed = 0;
for (const f of readdirSync(dir).sort()) {
  const path = join(dir, f);
  let p = 0;
  let q = 0;
  if (f.endsWith('.json')) {
    const r = JSON.parse(readFileSync(path, 'utf8'));
    p = r.numPassedTests;
    // a suite that could not run (a file that failed to load) has no test but failed
    q = r.numFailedTests + (r.numFailedTestSuites ?? 0) + (r.success === false && r.numFailedTests === 0 ? 1 : 0);
  } else if (f.endsWith('.count')) {
    [p, q] = readFileSync(path, 'utf8').trim().split(/\s+/).map(Number);
  } else continue;
  console.log(`  ${f.padEnd(36)} ${p} passed, ${q} failed`);
  passed += p;
  failed += q;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
