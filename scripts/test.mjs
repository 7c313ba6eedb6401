// The whole suite: type check, then every vitest project. Ends with one plain totals line,
// "N passed, N failed", so a run that tested nothing cannot look green.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;

mkdirSync('test-output', { recursive: true });
let failedTypecheck = 0;
if (run('npx', ['tsc', '-p', '.']) !== 0) {
  process.stderr.write('type check failed\n');
  failedTypecheck = 1;
}
const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-output/results.json', ...process.argv.slice(2)]);
let passed = 0;
let failed = failedTypecheck;
let skipped = 0;
if (existsSync('test-output/results.json')) {
  const results = JSON.parse(readFileSync('test-output/results.json', 'utf8'));
  passed = results.numPassedTests;
  failed += results.numFailedTests;
  skipped = results.numPendingTests + results.numTodoTests;
} else {
  failed += 1;
}
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
