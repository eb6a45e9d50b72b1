// Registers the access-node log features: editor decorations and providers, the Log Events view, the open command and the large-file viewer.
import * as vscode from 'vscode';
import { CommandId, LOG_VIEWER_TYPE } from '../command-ids';
import type { Ctx } from '../context';
import { DocumentEvents, decorationLog, isLogDocument } from './document-events';
import { registerEditorFeatures } from './editor-features';
import { LogEventsView } from './events-view';
import { LogViewerProvider } from './log-viewer';
import { openAccessNodeLogs } from './open-logs';

export function registerLogs(ctx: Ctx): void {
  const events = new DocumentEvents();
  registerEditorFeatures(ctx, events);
  const view = new LogEventsView(ctx, events);
  ctx.push(
    LogViewerProvider.register(ctx),
    ctx.command(CommandId.OpenAccessNodeLogs, () => openAccessNodeLogs()),
    ctx.command(CommandId.OpenInLogViewer, async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target) {
        void vscode.window.showInformationMessage('Open or select a log file first, then run Open in Large Log Viewer.');
        return;
      }
      await vscode.commands.executeCommand('vscode.openWith', target, LOG_VIEWER_TYPE);
    }),
    // Not in the manifest: lets the integration tests see what the editor features computed.
    ctx.command(CommandId.LogState, (uri?: vscode.Uri) => {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri?.toString());
      if (!document || !isLogDocument(document)) return undefined;
      return { events: events.get(document), decorations: decorationLog.get(document.uri.toString()) ?? {}, viewEvents: view.visibleEvents().length };
    }),
  );
}
