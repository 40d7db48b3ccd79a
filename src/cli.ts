#!/usr/bin/env node
// Command-line entry: `implicit-reg [selfcheck]`.
import { init } from './node.js';
import { selfcheck } from './selfcheck.js';

async function main(argv: string[]): Promise<number> {
  const cmd = argv[0] ?? 'selfcheck';
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
    console.log('usage: implicit-reg [selfcheck]\n  selfcheck  run every kernel on embedded closed-form problems; print error and time');
    return 0;
  }
  if (cmd !== 'selfcheck') {
    console.error(`implicit-reg: unknown command '${cmd}' (try --help)`);
    return 2;
  }
  const ir = await init();
  const rows = selfcheck(ir);
  console.log('implicit-reg selfcheck — kernels against closed forms\n');
  console.log('check                     reference               error      bound     time');
  let ok = true;
  for (const r of rows) {
    const pass = r.error <= r.bound;
    ok &&= pass;
    console.log(`${r.check.padEnd(26)}${r.reference.padEnd(24)}${r.error.toExponential(2).padEnd(11)}${r.bound.toExponential(0).padEnd(10)}${r.microseconds.toFixed(1).padStart(8)} µs  ${pass ? 'ok' : 'FAIL'}`);
  }
  return ok ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
