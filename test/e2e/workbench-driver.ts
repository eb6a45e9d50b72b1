// Small helpers for driving the VS Code workbench in Chromium: palette, quick open, views, panels, screenshots.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';

// The harness is plain ESM JavaScript shared with the launchers.
export type Harness = typeof import('../harness/code-server.mjs');

export const resultsDir = path.resolve(__dirname, '../../test-results');

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Runs a command by its palette title (e.g. "Cross-Account Backup: Refresh Accounts"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await dismissQuickInput(page);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await input.press('Enter');
}

/**
 * Answers one step of a multi-step input box: waits until the box shows `title`, types `text`,
 * presses Enter, then waits until the box has moved on (to `nextTitle`, or closed when there is none).
 * Waiting on the title, not on time, keeps a fast typist from answering the previous step twice.
 */
export async function answerInputBox(page: Page, title: string, text: string, nextTitle?: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 30_000 });
  const input = widget.locator('input');
  await input.fill(text);
  // The input box validates asynchronously; Enter is ignored while a validation message is shown.
  await until(`the typed answer in "${title}"`, async () => (await input.inputValue()) === text);
  await input.press('Enter');
  if (nextTitle) await widget.locator('.quick-input-title', { hasText: nextTitle }).waitFor({ state: 'visible', timeout: 30_000 });
  else await widget.waitFor({ state: 'hidden', timeout: 30_000 });
}

/** Closes a quick input left open (e.g. by a step that failed). */
export async function dismissQuickInput(page: Page): Promise<void> {
  if (await page.locator('.quick-input-widget').isVisible()) await page.keyboard.press('Escape');
}

/** Opens a workspace file through Quick Open. */
export async function quickOpen(page: Page, relativePath: string): Promise<void> {
  const name = path.basename(relativePath);
  const tab = page.locator(`.tabs-container .tab[aria-label*="${name}"]`).first();
  // The file search answers asynchronously: pick the row that names the file, and try again if
  // the first attempt raced the search index.
  for (let attempt = 1; ; attempt++) {
    await dismissQuickInput(page);
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(relativePath);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      await row.click();
      await tab.waitFor({ timeout: 10_000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/** The text of all rows of a tree view, after expanding every collapsed row (bounded). */
export async function expandAll(page: Page, viewSelector: string, rounds = 6): Promise<string[]> {
  for (let i = 0; i < rounds; i++) {
    const collapsed = page.locator(`${viewSelector} .monaco-list-row[aria-expanded="false"]`);
    const n = await collapsed.count();
    if (n === 0) break;
    for (let k = 0; k < n; k++) {
      const row = page.locator(`${viewSelector} .monaco-list-row[aria-expanded="false"]`).first();
      if ((await row.count()) === 0) break;
      const label = await row.getAttribute('aria-label');
      await row.click();
      // Wait for this row to open (its children render with it), not for a fixed time.
      if (label)
        await page
          .locator(`${viewSelector} .monaco-list-row[aria-label="${label.replace(/"/g, '\\"')}"][aria-expanded="true"]`)
          .first()
          .waitFor({ timeout: 10_000 })
          .catch(() => undefined);
    }
  }
  return page.locator(`${viewSelector} .monaco-list-row`).allInnerTexts();
}

/** Polls until `fn` returns a truthy value or the deadline passes (then throws with `what`). */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Waits for the large log viewer's webview (a nested frame) to show the sample log's AssumeRole lines; returns its text. */
export async function viewerText(page: Page): Promise<string> {
  return until(
    'the viewer showing the log lines',
    async () => {
      for (const frame of page.frames()) {
        const rows = frame.locator('#rows .row');
        if (
          (await rows.count().catch(() => 0)) === 0 ||
          !(await rows
            .first()
            .isVisible()
            .catch(() => false))
        )
          continue;
        const body = await frame
          .locator('#main')
          .innerText({ timeout: 1000 })
          .catch(() => '');
        if (/CAmazonInfo::Connect/.test(body) && /ValidateCredentials/.test(body)) return body;
      }
      return undefined;
    },
    60_000,
  );
}

/** The workbench of the enclosing `describe`: set once its `before` hook has run. */
export interface Workbench {
  page: Page;
  folder: string;
}

/**
 * Starts code-server with the product .vsix on the folder `makeFolder` returns, and a browser on
 * it, for the enclosing `describe`; screenshots a failing test and removes the folder afterwards.
 */
export function workbenchFor(makeFolder: (harness: Harness) => string): Workbench {
  const wb = {} as Workbench;
  let server: Awaited<ReturnType<Harness['startCodeServer']>> | undefined;
  let browser: Browser | undefined;
  before(async function () {
    const harness: Harness = await import('../harness/code-server.mjs');
    const vsix = process.env.CAB_E2E_VSIX ?? harness.packageProduct();
    wb.folder = makeFolder(harness);
    server = await harness.startCodeServer({ vsixes: [vsix], folder: wb.folder });
    browser = await harness.launchBrowser();
    wb.page = await harness.openWorkbench(browser, server);
  });
  afterEach(async function () {
    // A failing step leaves a picture of what the user would have seen.
    if (this.currentTest?.state === 'failed' && wb.page) await screenshot(wb.page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });
  after(async function () {
    await browser?.close();
    await server?.stop();
    if (wb.folder) fs.rmSync(path.dirname(wb.folder), { recursive: true, force: true });
  });
  return wb;
}
