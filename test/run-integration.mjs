// `npm run test:vscode`: runs test/integration inside a real VS Code extension host.
// Default launcher: code-server + headless Chromium (works offline). `--electron` (or
// CAB_TEST_LAUNCHER=electron) uses @vscode/test-electron, which downloads VS Code.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  copyWorkspace,
  launchBrowser,
  openWorkbench,
  packageFolder,
  packageProduct,
  root,
  run,
  startCodeServer,
  tempDir,
} from './harness/code-server.mjs';

const { values: opts, positionals } = parseArgs({
  options: {
    electron: { type: 'boolean', default: process.env.CAB_TEST_LAUNCHER === 'electron' },
    grep: { type: 'string' },
    timeout: { type: 'string', default: '900' },
    keep: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});

const integrationDir = path.join(root, 'test/integration');
const runnerDir = path.join(integrationDir, 'runner');

/** Node bundles for the extension host: `vscode` comes from the host, mocha from the repo. */
const hostBundle = { bundle: true, format: 'cjs', platform: 'node', target: 'node20', external: ['vscode', 'mocha'], logLevel: 'warning' };

async function bundleTests(outDir) {
  fs.rmSync(outDir, { recursive: true, force: true });
  const tests = fs.readdirSync(integrationDir).filter((f) => f.endsWith('.test.ts'));
  await esbuild.build({
    entryPoints: tests.map((t) => path.join(integrationDir, t)),
    outdir: outDir,
    ...hostBundle,
    sourcemap: 'inline',
    mainFields: ['module', 'main'],
  });
  return tests.length;
}

async function bundleRunner() {
  await esbuild.build({
    entryPoints: [path.join(runnerDir, 'extension.ts')],
    outfile: path.join(runnerDir, 'dist/extension.js'),
    ...hostBundle,
  });
}

function report(result) {
  if (result.crashed) {
    console.error(`The integration runner crashed inside VS Code:\n${result.crashed}`);
    return 1;
  }
  for (const line of result.transcript) console.log(line);
  for (const t of result.tests.filter((x) => x.state === 'failed')) console.log(`\nFAILED: ${t.title}\n${t.error}`);
  console.log(`\n  ${result.passed} passing, ${result.failed} failing${result.pending ? `, ${result.pending} pending` : ''}`);
  console.log(`${result.passed} passed, ${result.failed} failed`);
  return result.failed > 0 || result.passed === 0 ? 1 : 0;
}

async function viaCodeServer() {
  const outTests = path.join(root, '.tmp/integration/tests');
  const count = await bundleTests(outTests);
  await bundleRunner();
  const product = packageProduct();
  const runnerVsix = packageFolder(runnerDir, path.join(root, '.tmp/integration/runner.vsix'));
  const workspace = copyWorkspace();
  const work = tempDir('cab-it-');
  const resultFile = path.join(work, 'result.json');
  const configFile = path.join(work, 'config.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      testsDir: outTests,
      mochaPath: path.join(root, 'node_modules/mocha'),
      grepFiles: positionals,
      grep: opts.grep,
      resultFile,
    }),
  );
  console.log(`Integration: ${count} test file(s), workspace ${workspace}`);
  const server = await startCodeServer({
    vsixes: [product, runnerVsix],
    folder: workspace,
    env: { CAB_INTEGRATION_CONFIG: configFile, CAB_REPO: root },
  });
  const browser = await launchBrowser();
  let code = 1;
  try {
    const page = await openWorkbench(browser, server);
    const deadline = Date.now() + Number(opts.timeout) * 1000;
    while (!fs.existsSync(resultFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    if (!fs.existsSync(resultFile)) {
      fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
      await page.screenshot({ path: path.join(root, 'test-results/integration-timeout.png') });
      console.error(`No result from the extension host within ${opts.timeout} s. code-server log:\n${server.log().slice(-5000)}`);
    } else {
      code = report(JSON.parse(fs.readFileSync(resultFile, 'utf8')));
    }
  } finally {
    await browser.close();
    await server.stop();
    if (!opts.keep) fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  }
  return code;
}

async function viaElectron() {
  const { runTests } = await import('@vscode/test-electron');
  const outTests = path.join(root, '.tmp/integration-electron');
  await bundleTests(outTests);
  await esbuild.build({
    entryPoints: [path.join(runnerDir, 'electron-index.ts')],
    outfile: path.join(outTests, 'electron-index.js'),
    ...hostBundle,
  });
  run('node', ['esbuild.mjs']);
  const workspace = copyWorkspace();
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(outTests, 'electron-index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { CAB_TEST_FILES: positionals.join(',') },
    });
    return 0;
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    return 1;
  }
}

process.exitCode = await (opts.electron ? viaElectron() : viaCodeServer());
