// Read-only virtual documents for results tables and the live/local sides of policy diffs.
import * as vscode from 'vscode';

export const AWS_DOC_SCHEME = 'cross-account-backup-aws';

export class AwsDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(AWS_DOC_SCHEME, this);
  }

  /** Stores `text` under a readable path (its extension picks the language) and returns the URI. */
  put(pathName: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: AWS_DOC_SCHEME, path: `/${pathName.replace(/^\/+/, '')}` });
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Opens a Markdown report, as a preview when the Markdown extension is there. */
  async showMarkdown(pathName: string, text: string): Promise<vscode.Uri> {
    const uri = this.put(pathName, text);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.window.showTextDocument(uri, { preview: true });
    }
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
