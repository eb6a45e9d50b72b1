// `npm run test:vscode`: runs test/integration inside a real VS Code extension host.
// Default launcher: code-server + headless Chromium (works offline), in two windows: the sample
// folder, then a two-folder workspace (test/integration/multi-root). `--electron` (or
// CAB_TEST_LAUNCHER=electron) runs the sample-folder suite with @vscode/test-electron, which
// downloads VS Code.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { copyWorkspace, launchBrowser, openWorkbench, packageFolder, packageProduct, root, run, startCodeServer, tempDir } from './harness/code-server.mjs';

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

/** Bundles the `*.test.ts` files of `fromDir` (not its subfolders) into `outDir`. */
async function bundleTests(outDir, fromDir = integrationDir) {
  fs.rmSync(outDir, { recursive: true, force: true });
  const tests = fs.readdirSync(fromDir).filter((f) => f.endsWith('.test.ts'));
  await esbuild.build({
    entryPoints: tests.map((t) => path.join(fromDir, t)),
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

/**
 * One code-server session: installs the product and the runner, opens `workspace` (a folder or a
 * .code-workspace file), runs the bundled tests in `outTests` inside the extension host and reports.
 * Returns 0 or 1, or 'none' when a file filter left this session nothing to run.
 */
async function session({ name, outTests, count, product, runnerVsix, workspace, cleanup }) {
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
  console.log(`Integration (${name}): ${count} test file(s), workspace ${workspace}`);
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
      await page.screenshot({ path: path.join(root, `test-results/integration-timeout-${name.replace(/\W+/g, '-')}.png`) });
      console.error(`No result from the extension host within ${opts.timeout} s. code-server log:\n${server.log().slice(-5000)}`);
    } else {
      const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
      // A file filter that matches nothing in this session is not a failure of it.
      if (positionals.length && result.passed + result.failed === 0) {
        console.log(`  no test file of this session matches ${positionals.join(', ')}`);
        code = 'none';
      } else code = report(result);
    }
  } finally {
    await browser.close();
    await server.stop();
    if (!opts.keep) fs.rmSync(cleanup, { recursive: true, force: true });
  }
  return code;
}

/** Two folders side by side in one .code-workspace: the sample, and a copy of it with one account id broken. */
function multiRootWorkspace() {
  const dir = tempDir('cab-multi-');
  fs.cpSync(path.join(root, 'examples/msp'), path.join(dir, 'msp'), { recursive: true });
  fs.cpSync(path.join(root, 'examples/msp'), path.join(dir, 'central-it'), { recursive: true });
  const copy = path.join(dir, 'central-it/cross-account-backup.json');
  fs.writeFileSync(copy, fs.readFileSync(copy, 'utf8').replace('"accountId": "333333333333"', '"accountId": "33333"'));
  const file = path.join(dir, 'msp-and-central-it.code-workspace');
  fs.writeFileSync(file, JSON.stringify({ folders: [{ path: 'msp' }, { path: 'central-it' }] }, null, 2));
  return file;
}

async function viaCodeServer() {
  await bundleRunner();
  const product = packageProduct();
  fs.mkdirSync(path.join(root, '.tmp/integration'), { recursive: true });
  const runnerVsix = packageFolder(runnerDir, path.join(root, '.tmp/integration/runner.vsix'));
  const common = { product, runnerVsix };
  // The main suite on the sample folder.
  const outTests = path.join(root, '.tmp/integration/tests');
  const workspace = copyWorkspace();
  const main = await session({ ...common, name: 'sample folder', outTests, count: await bundleTests(outTests), workspace, cleanup: path.dirname(workspace) });
  // test/integration/multi-root: a window with two workspace folders (its own session: adding a folder
  // from a test turns the window into a workspace, which restarts the extension host).
  const outMulti = path.join(root, '.tmp/integration/multi-root');
  const multiFile = multiRootWorkspace();
  const multi = await session({
    ...common,
    name: 'multi-root',
    outTests: outMulti,
    count: await bundleTests(outMulti, path.join(integrationDir, 'multi-root')),
    workspace: multiFile,
    cleanup: path.dirname(multiFile),
  });
  if (main === 'none' && multi === 'none') {
    console.error(`No integration test file matches ${positionals.join(', ')}.`);
    return 1;
  }
  return main === 1 || multi === 1 ? 1 : 0;
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
