// The extension as a person sees it in code-server: accounts view, Problems panel, command palette, log colours.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { answerInputBox, expandAll, quickOpen, runCommand, screenshot, until, viewerText, workbenchFor } from './workbench-driver';

describe('the extension in code-server (browser)', function () {
  const wb = workbenchFor((harness) => {
    const workspace = harness.copyWorkspace();
    // A permissions policy with mistakes a user makes: a misspelt element and an unknown action.
    fs.writeFileSync(
      path.join(workspace, 'policies/broken-policy.json'),
      JSON.stringify(
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Actions: ['ec2:DescribeInstances'], Action: 'ec2:DescribeInstancez', Resource: '*' }] },
        null,
        4,
      ) + '\n',
    );
    return workspace;
  });
  let page: Page;
  before(() => {
    page = wb.page;
  });

  it('shows the admin and tenant accounts in the Cross-Account Backup view', async function () {
    const item = page.locator('.activitybar .action-item a[aria-label^="Cross-Account Backup"]');
    await item.waitFor({ timeout: 60_000 });
    await item.click();
    const rows = await until('the accounts tree rows', async () => {
      const texts = await expandAll(page, '.sidebar');
      const joined = texts.join('\n');
      return /msp/.test(joined) && /finance/.test(joined) && /hr/.test(joined) ? texts : undefined;
    });
    assert.ok(
      rows.some((r) => r.includes('111111111111')),
      'the admin account id is shown',
    );
    await screenshot(page, 'accounts-view');
  });

  it('reports a broken policy in the Problems panel', async function () {
    await quickOpen(page, 'policies/broken-policy.json');
    await page.keyboard.press('Control+Shift+M');
    const problems = await until('policy problems in the Problems panel', async () => {
      const text = (await page.locator('.markers-panel').allInnerTexts()).join('\n');
      return /unknown-element/.test(text) && /unknown-action/.test(text) ? text : undefined;
    });
    assert.match(problems, /Actions/);
    assert.match(problems, /DescribeInstances/, 'the unknown action message suggests the closest action');
    assert.doesNotMatch(problems, /Property Actions is not allowed/, 'each problem is reported once, by the extension');
    await screenshot(page, 'policy-problems');
  });

  it('runs a command from the command palette', async function () {
    await runCommand(page, 'Cross-Account Backup: Evaluate Trust Offline');
    const toast = await until('the evaluation notification', async () => {
      const texts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts();
      const t = texts.join('\n');
      return /finance|hr|tenant/i.test(t) ? t : undefined;
    });
    assert.match(toast, /allowed|can assume|denied/i);
    await screenshot(page, 'evaluate-trust');
  });

  it('highlights AssumeRole lines in an access-node log', async function () {
    await quickOpen(page, 'logs/vsbkp.log');
    const lang = await until('the log language in the status bar', async () => {
      const t = await page.locator('.statusbar-item[id="status.editor.mode"]').innerText();
      return /Commvault Log/.test(t) ? t : undefined;
    });
    assert.match(lang, /Commvault Log/);
    // The Log Events view lists the log's AssumeRole attempts, the failed one marked.
    const rows = await until('the Log Events rows', async () => {
      const texts = await page.locator('.sidebar .monaco-list-row').allInnerTexts();
      return texts.some((t) => /AssumeRole failure/.test(t)) && texts.some((t) => /333333333333/.test(t)) ? texts : undefined;
    });
    assert.ok(
      rows.some((t) => /AssumeRole success/.test(t)),
      'the successful attempt is listed too',
    );
    await screenshot(page, 'access-node-log');
  });

  it('opens the log in the large-file viewer, with its lines and events', async function () {
    await runCommand(page, 'Cross-Account Backup: Open in Large Log Viewer');
    assert.match(await viewerText(page), /333333333333/);
    await screenshot(page, 'log-viewer');
  });

  // Last in this window: it leaves the Details editor active.
  it("shows the installed extension's Details page with its icon and README, and no broken image", async function () {
    await runCommand(page, 'Extensions: Show Installed Extensions');
    await page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Cross-Account Backup' }).first().click();
    const icon = page.locator('.extension-editor .header img.icon').first();
    await icon.waitFor({ timeout: 30_000 });
    // An <img> as the page sees it (the tests compile without the DOM library).
    type Img = { complete: boolean; naturalWidth: number; src: string };
    await until(
      'the icon in the Details header',
      async () => (await icon.evaluate((el) => ((el as unknown as Img).complete ? (el as unknown as Img).naturalWidth : 0))) > 0,
    );
    // The README renders in a webview (nested frames): find the frame that shows it.
    const images = await until('the README on the Details page', async () => {
      for (const frame of page.frames()) {
        const body = await frame
          .locator('body')
          .innerText({ timeout: 1000 })
          .catch(() => '');
        if (!/Getting started/.test(body) || !/Using it with real AWS/.test(body)) continue;
        return frame.locator('img').evaluateAll((els) =>
          els.map((el) => {
            const img = el as unknown as Img;
            return { src: img.src.slice(0, 60), ok: img.complete && img.naturalWidth > 0 };
          }),
        );
      }
      return undefined;
    });
    assert.deepEqual(
      images.filter((i) => !i.ok),
      [],
      'every image on the Details page loads',
    );
    await screenshot(page, 'extension-details');
  });
});

describe('first run in an empty folder (browser)', function () {
  const wb = workbenchFor((harness) => {
    const folder = path.join(harness.tempDir('cab-empty-'), 'new-msp');
    fs.mkdirSync(folder);
    return folder;
  });
  let page: Page;
  before(() => {
    page = wb.page;
  });

  it('offers set-up in the empty Accounts view and writes the accounts file and policies from the answers', async function () {
    await page.locator('.activitybar .action-item a[aria-label^="Cross-Account Backup"]').click();
    const button = page
      .locator('.sidebar .welcome-view-content a, .sidebar .welcome-view-content .monaco-button', { hasText: 'Set up cross-account backup' })
      .first();
    await button.waitFor({ timeout: 60_000 });
    await screenshot(page, 'empty-state');
    await button.click();
    // Each answer waits for its own step of the wizard (the input box's "(n/3)" title), and for
    // that step to have taken it: the next step's title, or the widget closing after the last.
    const answer = (step: number, text: string) =>
      answerInputBox(page, `Set Up Cross-Account Backup (${step}/3)`, text, step < 3 ? `(${step + 1}/3)` : undefined);
    await answer(1, '444444444444');
    await answer(2, 'central-it');
    await answer(3, 'payroll=555555555555');
    const accountsFile = path.join(wb.folder, 'cross-account-backup.json');
    await until('the accounts file on disk', async () => fs.existsSync(accountsFile));
    const written = JSON.parse(fs.readFileSync(accountsFile, 'utf8').replace(/^\s*\/\/.*$/gm, '')) as {
      admins: { accountId: string }[];
      tenants: { name: string; accountId: string }[];
    };
    assert.equal(written.admins[0].accountId, '444444444444');
    assert.deepEqual(
      written.tenants.map((t) => [t.name, t.accountId]),
      [['payroll', '555555555555']],
    );
    const rows = await until('the new accounts in the tree', async () => {
      const texts = await expandAll(page, '.sidebar');
      return texts.some((t) => /central-it/.test(t)) && texts.some((t) => /payroll/.test(t)) ? texts : undefined;
    });
    assert.ok(rows.some((t) => /555555555555/.test(t)));
    await screenshot(page, 'after-set-up');
  });
});

describe('a lone log opened with the viewer (browser)', function () {
  // Nothing here activates the extension but the viewer itself: no accounts file, no policy, no log
  // open as text. Activation registers no viewer provider; the viewer's tab makes the features load.
  const wb = workbenchFor((harness) => {
    const folder = path.join(harness.tempDir('cab-log-'), 'node-logs');
    fs.mkdirSync(folder);
    fs.copyFileSync(path.join(harness.root, 'examples/msp/logs/vsbkp.log'), path.join(folder, 'vsbkp.log'));
    return folder;
  });

  it('opens vsbkp.log with Open With… → Access-Node Log Viewer', async function () {
    const page = wb.page;
    const file = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'vsbkp.log' }).first();
    await file.waitFor({ timeout: 60_000 });
    // The viewer is offered once VS Code has read the extension's contributions (its activity-bar icon shows then).
    await page.locator('.activitybar .action-item a[aria-label^="Cross-Account Backup"]').waitFor({ timeout: 60_000 });
    await file.click({ button: 'right' });
    await page
      .locator('.context-view .action-label', { hasText: /^Open With/ })
      .first()
      .click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Access-Node Log Viewer' }).first().click();
    assert.match(await viewerText(page), /333333333333/);
    await screenshot(page, 'log-viewer-open-with');
  });
});
