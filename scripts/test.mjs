// The one test command (README, .ci/run): typecheck, lint, format, unit tests with coverage,
// build (Chromium and Firefox), web-ext lint of the Firefox build, e2e in real Chromium and
// Firefox. Ends with the line `N passed, N failed[, N skipped]`, counting unit and e2e tests
// together; a failed static check counts as one failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const run = (label, command, args) => {
  console.log(`\n── ${label}: ${command} ${args.join(' ')}`);
  const { status } = spawnSync(command, args, { stdio: 'inherit' });
  return status === 0;
};
const readJson = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined);

let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];
const check = (label, ok) => {
  if (!ok) {
    failed += 1;
    problems.push(label);
  }
};

rmSync('test-results', { recursive: true, force: true });
check('typecheck', run('typecheck', 'npx', ['tsc', '--noEmit']));
check('lint', run('lint', 'npx', ['eslint', '--max-warnings', '0', '.']));
check('format', run('format', 'npx', ['prettier', '--check', '.']));

const unitOk = run('unit tests', 'npx', [
  'vitest',
  'run',
  '--coverage',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/unit.json',
]);
const unit = readJson('test-results/unit.json');
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  skipped += unit.numPendingTests + unit.numTodoTests;
  if (!unitOk && unit.numFailedTests === 0) check('unit coverage threshold', false);
} else check('unit tests did not run', false);

const browsers = [
  ['Chromium', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'],
  ['Firefox', process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'],
];
const absent = browsers.filter(([, path]) => !existsSync(path));
if (absent.length > 0) {
  for (const [name, path] of absent)
    check(`e2e: no ${name} at ${path} (run \`npm run setup\`)`, false);
} else if (!run('build', 'npm', ['run', 'build', '--silent'])) {
  check('build', false);
} else {
  check(
    'web-ext lint of the Firefox build',
    run('Firefox lint', 'npm', ['run', 'lint:firefox', '--silent']),
  );
  run('e2e tests', 'npx', ['playwright', 'test']);
  const stats = readJson('test-results/e2e.json')?.stats;
  if (stats) {
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
    skipped += stats.skipped;
  } else check('e2e tests did not run', false);
}

if (problems.length > 0) console.log(`\nFailed checks: ${problems.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
