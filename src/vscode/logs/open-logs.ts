// "Open Access-Node Logs…": pick a log folder (settings or browse), then one or several of the four logs, through workspace.fs so remote folders work.
import * as vscode from 'vscode';
import { LOG_VIEWER_TYPE } from '../command-ids';
import { setting } from '../settings';

const LOG_NAMES = ['cvd.log', 'vsbkp.log', 'vsrst.log', 'vsdiscovery.log'];
/** VS Code hands extensions no documents above 50 MB; bigger logs go to the streaming viewer. */
const TEXT_EDITOR_LIMIT = 50 * 1024 * 1024;

/** A configured folder as a URI on the same machine as the workspace (local, or the Remote-SSH host). */
function folderUri(folder: string): vscode.Uri {
  const remote = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme !== 'file');
  if (!remote) return vscode.Uri.file(folder);
  const path = folder.replace(/\\/g, '/');
  return remote.uri.with({ path: /^[A-Za-z]:/.test(path) ? `/${path}` : path, query: '', fragment: '' });
}

async function exists(uri: vscode.Uri, type: vscode.FileType): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & type) !== 0;
  } catch {
    return false;
  }
}

export async function openAccessNodeLogs(): Promise<vscode.Uri[]> {
  const configured = setting('logFolders') ?? [];
  const present: vscode.Uri[] = [];
  for (const f of configured) {
    const uri = folderUri(f);
    if (await exists(uri, vscode.FileType.Directory)) present.push(uri);
  }
  type FolderPick = vscode.QuickPickItem & { uri?: vscode.Uri };
  const BROWSE: FolderPick = { label: '$(folder-opened) Browse…', description: 'choose the Log Files folder' };
  const folderPicks: FolderPick[] = [...present.map((uri) => ({ label: uri.fsPath, uri })), BROWSE];
  let folder: vscode.Uri | undefined;
  const choice =
    present.length === 0
      ? BROWSE
      : await vscode.window.showQuickPick(folderPicks, { title: 'Open Access-Node Logs', placeHolder: 'Log folder of the access node' });
  if (!choice) return [];
  if (choice === BROWSE) {
    if (present.length === 0 && configured.length) {
      void vscode.window.showInformationMessage(
        `None of the folders in crossAccountBackup.logFolders exists here (${configured.join(', ')}). Choose the access node's Log Files folder.`,
      );
    }
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      openLabel: 'Use this log folder',
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    folder = picked?.[0];
  } else folder = choice.uri;
  if (!folder) return [];

  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch (err) {
    void vscode.window.showErrorMessage(
      `Cannot list ${folder.fsPath}: ${err instanceof Error ? err.message : String(err)}. Check the folder and your permissions.`,
    );
    return [];
  }
  const files = entries.filter(([, t]) => t & vscode.FileType.File).map(([n]) => n);
  // The four logs first, then their rolled copies (cvd_1.log, vsbkp.log.1, …).
  const rank = (name: string) => {
    const i = LOG_NAMES.indexOf(name.toLowerCase());
    return i >= 0 ? i : 10 + LOG_NAMES.findIndex((l) => name.toLowerCase().startsWith(l.replace('.log', '')));
  };
  const logs = files
    .filter((n) => LOG_NAMES.some((l) => n.toLowerCase().startsWith(l.replace('.log', '')) && /\.log/i.test(n)))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  if (logs.length === 0) {
    void vscode.window.showWarningMessage(`${folder.fsPath} has none of ${LOG_NAMES.join(', ')}. Pick the access node's Log Files folder.`);
    return [];
  }
  const picks = await vscode.window.showQuickPick(
    logs.map((name) => ({ label: name, picked: LOG_NAMES.includes(name.toLowerCase()) })),
    { canPickMany: true, title: `Access-node logs in ${folder.fsPath}`, placeHolder: 'Pick one or several logs to open' },
  );
  if (!picks?.length) return [];
  const opened: vscode.Uri[] = [];
  for (const p of picks) {
    const uri = vscode.Uri.joinPath(folder, p.label);
    opened.push(uri);
    await openLog(uri);
  }
  return opened;
}

/** Opens a log in the text editor, or in the streaming viewer when it is too big for one. */
export async function openLog(uri: vscode.Uri): Promise<void> {
  let size = 0;
  try {
    size = (await vscode.workspace.fs.stat(uri)).size;
  } catch {
    // Let the editor report the problem in its usual way.
  }
  if (size > TEXT_EDITOR_LIMIT) await vscode.commands.executeCommand('vscode.openWith', uri, LOG_VIEWER_TYPE);
  else await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}
