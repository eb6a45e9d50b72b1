// The access-node log features in a real VS Code: language, outline, decorations, Problems, hover, CodeLens, Log Events view, large-file viewer.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'cross-account-backup.cross-account-backup';

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface LogState {
  events: { kind: string; line: number; errorCode?: string }[];
  decorations: Record<string, number[]>;
  viewEvents: number;
}

describe('access-node logs in a real VS Code', function () {
  this.timeout(60_000);
  let uri: vscode.Uri;
  let document: vscode.TextDocument;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'logs', 'vsbkp.log');
    document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens vsbkp.log as a Commvault Log', () => {
    assert.equal(document.languageId, 'commvault-log');
  });

  it('lists the AssumeRole events in the outline', async () => {
    const symbols = await until('document symbols', async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
      return s?.length ? s : undefined;
    });
    assert.deepEqual(
      symbols.map((s) => [s.name, s.range.start.line + 1]),
      [
        ['Connect', 2],
        ['Validate credentials', 3],
        ['Credentials validated', 4],
        ['Connect', 6],
        ['Validate credentials', 7],
        ['Error AccessDenied', 8],
        ['Error', 9],
        ['Connect', 10],
        ['Validate credentials', 11],
      ],
    );
  });

  it('decorates Connect, ValidateCredentials and error lines', async () => {
    const state = await until('decorations', async () => {
      const s = await vscode.commands.executeCommand<LogState>('crossAccountBackup.internal.logState', uri);
      return s && s.decorations.connect ? s : undefined;
    });
    assert.deepEqual(state.decorations, { connect: [2, 6, 10], validate: [3, 4, 7, 11], error: [8, 9] });
  });

  it('puts the credential errors in Problems', async () => {
    const diagnostics = await until('diagnostics', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length ? d : undefined;
    });
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line + 1, d.code, d.severity]),
      [
        [8, 'AccessDenied', vscode.DiagnosticSeverity.Error],
        [9, 'credential-error', vscode.DiagnosticSeverity.Error],
      ],
    );
  });

  it('names the tenant on hover over an ARN and an account id', async () => {
    const line = document.lineAt(1).text;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      new vscode.Position(1, line.indexOf('arn:aws') + 5),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Tenant account `finance`/);
    const line9 = document.lineAt(8).text;
    const hovers9 = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      new vscode.Position(8, line9.indexOf('333333333333') + 2),
    );
    assert.match(hovers9.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'), /Tenant account `hr`/);
  });

  it('offers "Test assume role" on Connect lines of known tenant roles', async () => {
    const lenses = await until('code lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l?.length ? l : undefined;
    });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line + 1, l.command?.command, l.command?.arguments?.[0]]),
      [
        [2, 'crossAccountBackup.testAssumeRole', { tenant: 'finance' }],
        [6, 'crossAccountBackup.testAssumeRole', { tenant: 'hr' }],
        [10, 'crossAccountBackup.testAssumeRole', { tenant: 'finance' }],
      ],
    );
  });

  it('the Log Events view shows the active log, filters by kind and account, and reveals a line', async () => {
    await vscode.commands.executeCommand('crossAccountBackup.logEvents.focus');
    await vscode.window.showTextDocument(document);
    const state = await until('view events', async () => {
      const s = await vscode.commands.executeCommand<LogState>('crossAccountBackup.internal.logState', uri);
      return s && s.viewEvents === 9 ? s : undefined;
    });
    assert.equal(state.viewEvents, 9);
    await vscode.commands.executeCommand('crossAccountBackup.filterLogEvents', { kinds: ['error'] });
    assert.equal((await vscode.commands.executeCommand<LogState>('crossAccountBackup.internal.logState', uri)).viewEvents, 2);
    await vscode.commands.executeCommand('crossAccountBackup.filterLogEvents', { accounts: ['222222222222'], kinds: ['connect'] });
    assert.equal((await vscode.commands.executeCommand<LogState>('crossAccountBackup.internal.logState', uri)).viewEvents, 2);
    await vscode.commands.executeCommand('crossAccountBackup.clearLogEventsFilter');
    assert.equal((await vscode.commands.executeCommand<LogState>('crossAccountBackup.internal.logState', uri)).viewEvents, 9);
    await vscode.commands.executeCommand('crossAccountBackup.revealLogEvent', uri, 8);
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, 7);
  });

  it('opens the log in the large-file viewer (custom editor)', async () => {
    await vscode.commands.executeCommand('crossAccountBackup.openInLogViewer', uri);
    const tab = await until('viewer tab', () => {
      const t = vscode.window.tabGroups.activeTabGroup.activeTab;
      return t?.input instanceof vscode.TabInputCustom ? t : undefined;
    });
    assert.equal((tab.input as vscode.TabInputCustom).viewType, 'crossAccountBackup.logViewer');
  });
});
