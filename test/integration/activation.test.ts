// The extension activates in a real VS Code on the sample workspace and contributes what the manifest says.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './wait';

const EXTENSION_ID = 'cross-account-backup.cross-account-backup';

describe('activation in a real VS Code', () => {
  it('activates on the sample workspace (workspaceContains:cross-account-backup.json)', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
    const deadline = Date.now() + 30_000;
    // Activation is VS Code's doing (the workspace has an accounts file); we only watch for it.
    while (!ext.isActive && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(ext.isActive, true, 'activated without anyone calling activate()');
  });

  it('registers every command the manifest contributes', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const declared: string[] = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `commands declared but not registered: ${missing.join(', ')}`);
  });

  it('loads the features by itself in a workspace with an accounts file, with a handler behind every command', async () => {
    // Activation registers stand-ins only; the accounts file's problems are a need, so the features
    // load without anyone running a command. The state command does not load them itself.
    const state = await waitFor('the features to load', async () => {
      const s = await vscode.commands.executeCommand<{ loaded: boolean; unhandled: string[] }>('crossAccountBackup.internal.shellState');
      return s.loaded ? s : undefined;
    });
    assert.deepEqual(state.unhandled, [], 'every command the shell registered has a handler once the features load');
  });

  it('contributes the Accounts and Log Events views', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const views = ext.packageJSON.contributes.views.crossAccountBackup.map((v: { id: string }) => v.id);
    assert.deepEqual(views, ['crossAccountBackup.accounts', 'crossAccountBackup.logEvents']);
    // Focusing a contributed view only works when VS Code knows it.
    await vscode.commands.executeCommand('crossAccountBackup.accounts.focus');
  });

  it('opens the sample workspace folder', () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    assert.equal(folder.name, 'msp');
  });
});
