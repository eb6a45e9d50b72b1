// Activation time as VS Code itself reports it (Developer: Show Running Extensions), against an empty
// extension and a minimal one (loads the API, registers one command) activated by the same event in
// the same window. A warm-up extension activates first in every window, so the extension host's
// one-time costs fall on none of the measured three (see bench/fixtures/warm-up-extension).
import fs from 'node:fs';
import path from 'node:path';
import * as h from '../test/harness/code-server.mjs';

const runs = Number(process.env.CAB_BENCH_ACTIVATION_RUNS ?? 5);
const fixture = (name) => h.packageFolder(path.join(h.root, 'bench/fixtures', name), path.join(h.tempDir(`cab-${name}-`), `${name}.vsix`));
const vsixes = [h.packageProduct(), fixture('empty-extension'), fixture('minimal-extension'), fixture('warm-up-extension')];

/** Display names in Running Extensions → keys of a sample. */
const MEASURED = {
  product: 'Cross-Account Backup for AWS',
  empty: 'Empty extension (activation baseline)',
  minimal: 'Minimal extension (activation floor)',
  warmUp: 'Warm-up extension (activates first)',
};

async function runCommand(page, title, until) {
  for (let attempt = 0; attempt < 5 && !(await page.locator(until).count()); attempt++) {
    // Focus the workbench (not a list or a hover) before opening the palette.
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await input.press('Enter');
    await page.waitForTimeout(1000);
  }
}

/** Reads "Activation: N ms" for each measured extension from the Running Extensions editor. */
async function runningExtensions(page) {
  await runCommand(page, 'Developer: Show Running Extensions', '.runtime-extensions-editor');
  const times = {};
  const missing = () => Object.keys(MEASURED).filter((k) => times[k] === undefined);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && missing().length) {
    for (const row of await page.locator('.runtime-extensions-editor .monaco-list-row').all()) {
      const text = await row.innerText().catch(() => '');
      const ms = /Activation:\s*([\d.]+)ms/.exec(text)?.[1];
      const key = Object.keys(MEASURED).find((k) => text.startsWith(MEASURED[k]));
      if (ms && key) times[key] = Number(ms);
    }
    if (missing().length) {
      // The list is virtualized and sorted by activation time: scroll to reach the fast ones.
      const box = await page
        .locator('.runtime-extensions-editor .monaco-list')
        .boundingBox()
        .catch(() => null);
      if (box) {
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.wheel(0, 400);
      }
      await page.waitForTimeout(300);
    }
  }
  if (missing().length) {
    await page.screenshot({ path: path.join(h.root, 'test-results/activation-bench-failed.png') });
    throw new Error(`Running Extensions did not list ${missing().join(', ')}: ${JSON.stringify(times)}`);
  }
  return times;
}

/** The product's row of Developer: Startup Performance: code loading, activate call, activate resolved (ms). */
async function startupPerformanceSplit(page) {
  await runCommand(page, 'Developer: Startup Performance', '.tabs-container .tab[aria-label^="Startup Performance"]');
  await page.waitForTimeout(1000);
  // Find the row, which scrolls the editor to it (the text is rendered with non-breaking spaces).
  await page.keyboard.press('Control+f');
  await page.keyboard.type('cross-account-backup.cross-account-backup');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(500);
  const lines = (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ').split('\n');
  const row = lines.find((l) => l.startsWith('| cross-account-backup.cross-account-backup'));
  const cells = row?.split('|').map((c) => c.trim());
  return cells ? { load: Number(cells[3]), call: Number(cells[4]), resolve: Number(cells[5]) } : undefined;
}

/** The extension's own log line, written when the features have loaded after activation (first need). */
function featuresLoadedLine(server) {
  const logs = path.join(server.dirs.userData, 'logs');
  const files = fs
    .readdirSync(logs, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('Cross-Account Backup.log'));
  for (const f of files) {
    const line = fs
      .readFileSync(path.join(logs, f), 'utf8')
      .split('\n')
      .find((l) => l.includes('Activated in'));
    if (line) return line.replace(/^.*Activated in/, 'activate() measured in-process:');
  }
  return undefined;
}

async function once() {
  const server = await h.startCodeServer({ vsixes, folder: h.copyWorkspace() });
  const browser = await h.launchBrowser();
  try {
    const page = await h.openWorkbench(browser, server);
    // The workbench takes keyboard input once the explorer shows the folder.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    const times = await runningExtensions(page);
    times.split = await startupPerformanceSplit(page).catch((e) => void console.log(`(no code-loading/activate split: ${String(e).split('\n')[0]})`));
    times.features = featuresLoadedLine(server);
    times.shellMs = Number(/in-process: ([\d.]+) ms/.exec(times.features ?? '')?.[1] ?? NaN);
    return times;
  } finally {
    await browser.close();
    await server.stop();
  }
}

// The view shows whole milliseconds, and an empty extension often shows 0 ms: ratios count that as 1 ms.
const ratio = (a, b) => a / Math.max(b, 1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const samples = [];
for (let i = 0; i < runs; i++) {
  const t = await once();
  samples.push(t);
  const split = t.split ? ` (code loading ${t.split.load} ms + activate() ${t.split.call} ms)` : '';
  console.log(
    `run ${i + 1}: cross-account-backup ${t.product} ms${split}, empty ${t.empty} ms, minimal ${t.minimal} ms, warm-up ${t.warmUp} ms;` +
      ` ratio to empty ${ratio(t.product, t.empty).toFixed(2)}, to minimal ${ratio(t.product, t.minimal).toFixed(2)}` +
      (t.features ? `\n  the extension's log: ${t.features}` : ''),
  );
}
for (const [key, name] of Object.entries({
  product: 'cross-account-backup',
  empty: 'empty extension',
  minimal: 'minimal extension (vscode API + one command)',
})) {
  console.log(`activation median (${name}): ${median(samples.map((s) => s[key]))} ms`);
}
const shell = samples.map((s) => s.shellMs).filter((x) => !Number.isNaN(x));
if (shell.length)
  console.log(
    `activate() of cross-account-backup measured in-process (performance.now), median: ${median(shell).toFixed(1)} ms (${Math.min(...shell).toFixed(1)}-${Math.max(...shell).toFixed(1)})`,
  );
console.log(`activation ratio to empty extension (median of ${runs}): ${median(samples.map((s) => ratio(s.product, s.empty))).toFixed(2)}x (goal <= 1.5x)`);
console.log(`activation ratio to minimal extension (median of ${runs}): ${median(samples.map((s) => ratio(s.product, s.minimal))).toFixed(2)}x`);
