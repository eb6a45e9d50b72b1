// Runs the bundled integration tests with mocha inside whatever extension host loads this module.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SuiteConfig {
  /** Folder with the bundled test files (*.test.js). */
  testsDir: string;
  /** The repo's mocha package folder (mocha is not bundled: the runner only runs next to the repo). */
  mochaPath: string;
  /** Only files whose name contains one of these (empty: all). */
  grepFiles?: string[];
  grep?: string;
  timeoutMs?: number;
}

export interface TestRecord {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
  tests: TestRecord[];
  /** A spec-reporter-like transcript, printed by the launcher. */
  transcript: string[];
}

export async function runSuite(config: SuiteConfig): Promise<SuiteResult> {
  const Mocha = require(config.mochaPath) as typeof import('mocha');
  const result: SuiteResult = { passed: 0, failed: 0, pending: 0, tests: [], transcript: [] };
  const mocha = new Mocha({ ui: 'bdd', timeout: config.timeoutMs ?? 60_000, color: false, grep: config.grep });
  const files = fs
    .readdirSync(config.testsDir)
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => !config.grepFiles?.length || config.grepFiles.some((g) => f.includes(g)))
    .sort();
  for (const f of files) mocha.addFile(path.join(config.testsDir, f));
  await mocha.loadFilesAsync();
  const runner = mocha.run();
  const depth = (s: Mocha.Suite) => {
    let n = 0;
    for (let p = s.parent; p; p = p.parent) n++;
    return n;
  };
  runner.on('suite', (s) => {
    if (s.title) result.transcript.push(`${'  '.repeat(depth(s))}${s.title}`);
  });
  runner.on('pass', (t) => {
    result.passed++;
    result.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
    result.transcript.push(`${'  '.repeat(depth(t.parent!) + 1)}✔ ${t.title} (${t.duration ?? 0} ms)`);
  });
  runner.on('pending', (t) => {
    result.pending++;
    result.tests.push({ title: t.fullTitle(), state: 'pending' });
    result.transcript.push(`${'  '.repeat(depth(t.parent!) + 1)}- ${t.title}`);
  });
  runner.on('fail', (t, err: Error) => {
    result.failed++;
    const error = `${err?.message ?? String(err)}\n${err?.stack ?? ''}`;
    result.tests.push({ title: t.fullTitle(), state: 'failed', error });
    result.transcript.push(`${'  '.repeat(depth(t.parent ?? mocha.suite) + 1)}✘ ${t.title}\n${indent(error, 8)}`);
  });
  await new Promise<void>((resolve) => runner.on('end', () => resolve()));
  return result;
}

function indent(text: string, n: number): string {
  return text
    .split('\n')
    .slice(0, 25)
    .map((l) => ' '.repeat(n) + l)
    .join('\n');
}
