// Entry for @vscode/test-electron's extensionTestsPath: runs the same suite in a downloaded VS Code.
import * as path from 'node:path';
import { runSuite } from './run-suite';

export async function run(): Promise<void> {
  const result = await runSuite({
    testsDir: __dirname,
    mochaPath: path.resolve(__dirname, '../../node_modules/mocha'),
    grepFiles: process.env.CAB_TEST_FILES ? process.env.CAB_TEST_FILES.split(',') : [],
  });
  for (const line of result.transcript) console.log(line);
  console.log(`\n${result.passed} passed, ${result.failed} failed`);
  if (result.failed > 0) throw new Error(`${result.failed} integration test(s) failed`);
}
