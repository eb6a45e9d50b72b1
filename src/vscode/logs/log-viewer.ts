// The large-file log viewer: a read-only custom editor that streams a line index (with progress and cancel) and serves lines to a virtual-scrolling webview.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LogIndex, type ByteSource } from '../../core/logs/log-index';
import type { LogEvent } from '../../core/logs/model';
import { lineClass, tokenizeLine } from '../../core/logs/tokenize';
import { LOG_VIEWER_TYPE } from '../command-ids';
import type { Ctx } from '../context';
import { lineColours } from './editor-features';

/** workspace.fs cannot stream: non-local files are read whole, up to this size. */
const REMOTE_LIMIT = 50 * 1024 * 1024;
const CHUNK = 1 << 20;
const FOLLOW_INTERVAL_MS = 1000;

interface Reader extends ByteSource {
  size(): Promise<number>;
  /** Streams bytes [from, to) in order. */
  stream(from: number, to: number): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

class LocalReader implements Reader {
  private handle: Promise<fs.promises.FileHandle>;
  constructor(private readonly path: string) {
    this.handle = fs.promises.open(path, 'r');
  }
  async size(): Promise<number> {
    return (await fs.promises.stat(this.path)).size;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const buf = Buffer.allocUnsafe(length);
    const { bytesRead } = await (await this.handle).read(buf, 0, length, offset);
    return buf.subarray(0, bytesRead);
  }
  stream(from: number, to: number): AsyncIterable<Uint8Array> {
    return fs.createReadStream(this.path, { start: from, end: to - 1, highWaterMark: CHUNK });
  }
  async close(): Promise<void> {
    await (await this.handle).close().catch(() => undefined);
  }
}

class WholeFileReader implements Reader {
  constructor(private readonly bytes: Uint8Array) {}
  async size(): Promise<number> {
    return this.bytes.length;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    return this.bytes.subarray(offset, offset + length);
  }
  async *stream(from: number, to: number): AsyncIterable<Uint8Array> {
    for (let i = from; i < to; i += CHUNK) yield this.bytes.subarray(i, Math.min(to, i + CHUNK));
  }
  async close(): Promise<void> {}
}

async function openReader(uri: vscode.Uri): Promise<Reader> {
  if (uri.scheme === 'file') return new LocalReader(uri.fsPath);
  const { size } = await vscode.workspace.fs.stat(uri);
  if (size > REMOTE_LIMIT) {
    throw new Error(
      `${uri.path.split('/').pop()} is ${Math.round(size / 1048576)} MB and not on a local disk; the viewer reads such files whole, up to ${REMOTE_LIMIT / 1048576} MB. Open it from a Remote-SSH window (where it is local) or copy it here.`,
    );
  }
  return new WholeFileReader(await vscode.workspace.fs.readFile(uri));
}

export class LogViewerDocument implements vscode.CustomDocument {
  index = new LogIndex();
  readonly ready: Promise<void>;
  private reader!: Reader;
  private readonly listeners = new Set<(msg: object) => void>();
  private indexing: Promise<void> = Promise.resolve();
  private follow: NodeJS.Timeout | undefined;
  private followers = 0;
  error: string | undefined;
  done = false;
  cancelled = false;

  constructor(readonly uri: vscode.Uri) {
    this.ready = openReader(uri).then(
      (r) => {
        this.reader = r;
        this.indexing = this.build();
      },
      (err: unknown) => {
        this.error = err instanceof Error ? err.message : String(err);
      },
    );
  }

  onMessage(listener: (msg: object) => void): vscode.Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private post(msg: object): void {
    for (const l of this.listeners) l(msg);
  }

  info(events?: LogEvent[]): object {
    return {
      type: 'info',
      lineCount: this.index.lineCount,
      bytes: this.index.indexedBytes,
      done: this.done,
      cancelled: this.cancelled,
      error: this.error,
      droppedEvents: this.index.droppedEvents,
      events: (events ?? this.index.events).map(compactEvent),
    };
  }

  /** Streams the whole file through the index, with a cancellable progress notification. */
  private build(): Promise<void> {
    const name = this.uri.path.split('/').pop();
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Indexing ${name}`, cancellable: true }, async (progress, token) => {
        const size = await this.reader.size();
        let last = 0;
        let lastPost = 0;
        let fresh: LogEvent[] = [];
        for await (const chunk of this.reader.stream(0, size)) {
          if (token.isCancellationRequested) {
            this.cancelled = true;
            break;
          }
          fresh.push(...this.index.append(chunk));
          const pct = size ? (this.index.indexedBytes / size) * 100 : 100;
          progress.report({ increment: pct - last, message: `${this.index.lineCount.toLocaleString()} lines` });
          last = pct;
          // The first screen shows as soon as the first chunk is in; later updates are throttled.
          const now = Date.now();
          if (lastPost === 0 || now - lastPost > 250) {
            this.post({ ...this.info(fresh), progress: pct });
            fresh = [];
            lastPost = now;
          }
        }
        if (!this.cancelled) fresh.push(...this.index.finish());
        this.done = true;
        this.post({ ...this.info(fresh), progress: 100 });
      }),
    ).catch((err: unknown) => {
      this.error = `Could not read the log: ${err instanceof Error ? err.message : String(err)}. Check that the file still exists and is readable.`;
      this.post(this.info([]));
    });
  }

  async readLines(first: number, count: number): Promise<{ text: string; tokens: number[]; cls?: string }[]> {
    await this.ready;
    if (this.error) return [];
    const lines = await this.index.readLines(this.reader, first, count);
    return lines.map((text) => ({ text, tokens: tokenizeLine(text).flatMap(([s, e, c]) => [s, e, TOKEN_CLASSES.indexOf(c)]), cls: lineClass(text) }));
  }

  setFollow(on: boolean): void {
    this.followers += on ? 1 : -1;
    if (this.followers > 0 && !this.follow) this.follow = setInterval(() => void this.poll(), FOLLOW_INTERVAL_MS);
    if (this.followers <= 0 && this.follow) {
      clearInterval(this.follow);
      this.follow = undefined;
      this.followers = 0;
    }
  }

  /** Follow mode: index bytes appended since the last look; start over if the file was truncated or rotated. */
  private polling = false;
  private async poll(): Promise<void> {
    if (this.polling || !this.done || this.error || this.cancelled) return;
    this.polling = true;
    try {
      if (!(this.reader instanceof LocalReader)) {
        // Whole-file reads: reread when the size changes.
        const { size } = await vscode.workspace.fs.stat(this.uri);
        if (size === this.index.indexedBytes) return;
        await this.reader.close();
        this.reader = await openReader(this.uri);
        this.restart();
        return;
      }
      const size = await this.reader.size();
      if (size < this.index.indexedBytes) {
        this.restart();
        return;
      }
      if (size === this.index.indexedBytes) return;
      const fresh: LogEvent[] = [];
      for await (const chunk of this.reader.stream(this.index.indexedBytes, size)) fresh.push(...this.index.append(chunk));
      this.post({ ...this.info(fresh), appended: true });
    } catch {
      // The file may be mid-rotation; the next poll looks again.
    } finally {
      this.polling = false;
    }
  }

  private restart(): void {
    this.index = new LogIndex();
    this.done = false;
    this.post({ type: 'reset' });
    this.indexing = this.build();
  }

  dispose(): void {
    if (this.follow) clearInterval(this.follow);
    void this.indexing.finally(() => this.reader?.close());
  }
}

export const TOKEN_CLASSES = ['pid', 'tid', 'time', 'job', 'function', 'connect', 'validate', 'arn', 'account', 'error', 'code', 'url'] as const;

function compactEvent(e: LogEvent): object {
  return {
    kind: e.kind,
    line: e.line,
    time: e.time,
    jobId: e.jobId,
    accountId: e.accountId,
    arn: e.arn,
    roleName: e.roleName,
    errorCode: e.errorCode,
    outcome: e.outcome,
    message: e.message.slice(0, 300),
  };
}

export class LogViewerProvider implements vscode.CustomReadonlyEditorProvider<LogViewerDocument> {
  constructor(private readonly ctx: Ctx) {}

  openCustomDocument(uri: vscode.Uri): LogViewerDocument {
    return new LogViewerDocument(uri);
  }

  async resolveCustomEditor(document: LogViewerDocument, panel: vscode.WebviewPanel): Promise<void> {
    const media = vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'media', 'log-viewer');
    panel.webview.options = { enableScripts: true, localResourceRoots: [media] };
    panel.webview.html = html(panel.webview, media);
    let following = false;
    const subs: vscode.Disposable[] = [
      document.onMessage((msg) => void panel.webview.postMessage(msg)),
      panel.webview.onDidReceiveMessage(async (msg: { type: string; first?: number; count?: number; seq?: number; on?: boolean; line?: number }) => {
        if (msg.type === 'ready') {
          await document.ready;
          void panel.webview.postMessage({ type: 'config', colours: lineColours(), tokenClasses: TOKEN_CLASSES, name: document.uri.path.split('/').pop() });
          void panel.webview.postMessage(document.info());
        } else if (msg.type === 'lines' && msg.first && msg.count) {
          const lines = await document.readLines(msg.first, Math.min(msg.count, 500));
          void panel.webview.postMessage({ type: 'lines', first: msg.first, seq: msg.seq, lines });
        } else if (msg.type === 'follow') {
          if (!!msg.on !== following) document.setFollow((following = !!msg.on));
        } else if (msg.type === 'openInEditor') {
          await vscode.commands.executeCommand('vscode.openWith', document.uri, 'default');
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('crossAccountBackup.logs'))
          void panel.webview.postMessage({ type: 'config', colours: lineColours(), tokenClasses: TOKEN_CLASSES });
      }),
    ];
    panel.onDidDispose(() => {
      if (following) document.setFollow(false);
      subs.forEach((s) => s.dispose());
    });
  }

  static register(ctx: Ctx): vscode.Disposable {
    return vscode.window.registerCustomEditorProvider(LOG_VIEWER_TYPE, new LogViewerProvider(ctx), {
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    });
  }
}

function html(webview: vscode.Webview, media: vscode.Uri): string {
  const nonce = randomBytes(16).toString('hex');
  const css = webview.asWebviewUri(vscode.Uri.joinPath(media, 'viewer.css'));
  const js = webview.asWebviewUri(vscode.Uri.joinPath(media, 'viewer.js'));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}'; img-src ${webview.cspSource}; font-src ${webview.cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>Access-Node Log Viewer</title>
</head>
<body>
<div id="toolbar" role="toolbar">
  <label>Go to line <input id="goto" type="number" min="1" title="Go to line (Ctrl+G)"></label>
  <label><input id="follow" type="checkbox"> Follow</label>
  <label><input id="only-events" type="checkbox"> Only event lines</label>
  <span class="sep"></span>
  <select id="kind" title="Filter events by kind">
    <option value="">All events</option><option value="connect">Connect</option><option value="validate-credentials">Validate credentials</option><option value="error">Errors</option>
  </select>
  <input id="filter" type="search" placeholder="Filter events: account, job, ARN, text" title="Filter the events list">
  <button id="open-editor" title="Open in the text editor (small files)">Text editor</button>
  <span id="status" aria-live="polite"></span>
</div>
<div id="progress"><div id="progress-bar"></div></div>
<div id="main">
  <div id="scroller" tabindex="0" aria-label="Log lines"><div id="spacer"></div><div id="rows"></div></div>
  <div id="events" aria-label="Events"><div id="events-head"></div><div id="events-list"></div></div>
</div>
<div id="error" hidden></div>
<script nonce="${nonce}" src="${js}"></script>
</body>
</html>`;
}
