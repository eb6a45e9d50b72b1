// What an open log document gets in the editor: line decorations, outline, hovers, CodeLens and Problems.
import * as vscode from 'vscode';
import type { LogEvent } from '../../core/logs/model';
import { ARN_RE } from '../../core/logs/parse';
import { CommandId, LOG_LANGUAGE_ID } from '../command-ids';
import type { Ctx } from '../context';
import { lookupAccount } from './accounts-lookup';
import { DocumentEvents, decorationLog, eventLabel, eventRange, isLogDocument } from './document-events';
import { SETTINGS } from '../setting-keys';
import { setting } from '../settings';

const selector: vscode.DocumentSelector = { language: LOG_LANGUAGE_ID };

export function registerEditorFeatures(ctx: Ctx, events: DocumentEvents): void {
  registerDecorations(ctx, events);
  registerDiagnostics(ctx, events);
  ctx.push(
    vscode.languages.registerDocumentSymbolProvider(selector, { provideDocumentSymbols: (doc) => symbols(doc, events.get(doc)) }, { label: 'Log events' }),
    vscode.languages.registerHoverProvider(selector, { provideHover: (doc, pos) => hover(ctx, doc, pos) }),
    vscode.languages.registerCodeLensProvider(selector, new TestRoleLenses(ctx, events)),
    vscode.workspace.onDidCloseTextDocument((doc) => events.forget(doc)),
  );
}

function symbols(document: vscode.TextDocument, list: LogEvent[]): vscode.DocumentSymbol[] {
  return list.map((e) => {
    const range = eventRange(document, e);
    const detail = [e.time, e.jobId ? `job ${e.jobId}` : undefined, e.roleName ?? e.accountId].filter(Boolean).join(' · ');
    const kind = e.kind === 'error' ? vscode.SymbolKind.Event : e.kind === 'connect' ? vscode.SymbolKind.Function : vscode.SymbolKind.Method;
    return new vscode.DocumentSymbol(eventLabel(e), detail, kind, range, new vscode.Range(range.start, range.start));
  });
}

/** The ARN or 12-digit account id under the cursor, ARN spaces removed. */
function idAt(document: vscode.TextDocument, position: vscode.Position): { range: vscode.Range; arn?: string; accountId?: string } | undefined {
  const text = document.lineAt(position.line).text;
  const ch = position.character;
  ARN_RE.lastIndex = 0;
  for (let m = ARN_RE.exec(text); m; m = ARN_RE.exec(text)) {
    if (m.index <= ch && ch <= m.index + m[0].length) {
      const [, partition, service, region, account, resource] = m;
      return {
        range: new vscode.Range(position.line, m.index, position.line, m.index + m[0].length),
        arn: `arn:${partition}:${service}:${region}:${account}:${resource}`,
        accountId: account || undefined,
      };
    }
  }
  const re = /(?<![\w:-])\d{12}(?![\w-])/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index <= ch && ch <= m.index + 12) return { range: new vscode.Range(position.line, m.index, position.line, m.index + 12), accountId: m[0] };
  }
  return undefined;
}

async function hover(ctx: Ctx, document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
  const id = idAt(document, position);
  if (!id) return undefined;
  const md = new vscode.MarkdownString();
  if (id.arn) md.appendMarkdown(`\`${id.arn}\``);
  const match = await lookupAccount(ctx, document.uri, id);
  if (!match) {
    md.appendMarkdown(`\n\nAccount \`${id.accountId ?? 'unknown'}\` is not in the accounts file.`);
    return new vscode.Hover(md, id.range);
  }
  const who = match.role === 'admin' ? 'Admin (service) account' : 'Tenant account';
  md.appendMarkdown(`\n\n**${who} \`${match.account.name}\`** — ${match.account.accountId}`);
  if (id.arn && match.account.hypervisor?.roleArn && !match.roleMatches && id.arn.includes(':role/')) {
    md.appendMarkdown(`\n\nThe accounts file names a different role for it: \`${match.account.hypervisor.roleArn}\`.`);
  }
  if (match.role === 'tenant') {
    const fmt = (r: { ok: boolean; summary: string; at: Date }) => `${r.ok ? '✓' : '✗'} ${r.summary} (${r.at.toLocaleString()})`;
    md.appendMarkdown(`\n\nLast AssumeRole test: ${match.test ? fmt(match.test) : 'none yet'}`);
    if (match.evaluation) md.appendMarkdown(`\n\nLast offline evaluation: ${fmt(match.evaluation)}`);
  }
  return new vscode.Hover(md, id.range);
}

class TestRoleLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly ctx: Ctx,
    private readonly events: DocumentEvents,
  ) {
    ctx.push(
      this.changed,
      ctx.accounts.onDidChange(() => this.changed.fire()),
    );
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const lenses: vscode.CodeLens[] = [];
    const seen = new Map<string, string | undefined>();
    for (const e of this.events.get(document)) {
      if (e.kind !== 'connect' || !e.arn) continue;
      if (!seen.has(e.arn)) {
        const match = await lookupAccount(this.ctx, document.uri, { arn: e.arn });
        seen.set(e.arn, match?.role === 'tenant' && match.roleMatches ? match.account.name : undefined);
      }
      const tenant = seen.get(e.arn);
      if (!tenant) continue;
      lenses.push(
        new vscode.CodeLens(new vscode.Range(e.line - 1, 0, e.line - 1, 0), {
          title: `Test assume role (${tenant})`,
          command: CommandId.TestAssumeRole,
          arguments: [{ tenant }],
          tooltip: `Call sts:AssumeRole on ${e.arn} now, as the admin account`,
        }),
      );
    }
    return lenses;
  }
}

function registerDiagnostics(ctx: Ctx, events: DocumentEvents): void {
  const collection = vscode.languages.createDiagnosticCollection('commvault-log');
  const timers = new Map<string, NodeJS.Timeout>();
  const update = (document: vscode.TextDocument) => {
    if (!isLogDocument(document)) return;
    const diagnostics = events
      .get(document)
      .filter((e) => e.kind === 'error' && e.credential)
      .map((e) => {
        const who = e.arn ?? (e.accountId ? `account ${e.accountId}` : undefined);
        const d = new vscode.Diagnostic(
          eventRange(document, e),
          `${e.errorCode ? `${e.errorCode}: ` : ''}${e.message.trim()}${who && !e.message.includes(who) ? ` (${who})` : ''}`,
          vscode.DiagnosticSeverity.Error,
        );
        d.source = 'access-node log';
        d.code = e.errorCode ?? 'credential-error';
        return d;
      });
    collection.set(document.uri, diagnostics);
  };
  const later = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => update(document), 300),
    );
  };
  vscode.workspace.textDocuments.forEach(update);
  ctx.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(update),
    vscode.workspace.onDidChangeTextDocument((e) => isLogDocument(e.document) && later(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
}

type LineKind = 'connect' | 'validate' | 'error';

function registerDecorations(ctx: Ctx, events: DocumentEvents): void {
  let types = createTypes();
  const apply = (editor: vscode.TextEditor) => {
    if (!isLogDocument(editor.document)) return;
    const ranges: Record<LineKind, vscode.Range[]> = { connect: [], validate: [], error: [] };
    for (const e of events.get(editor.document)) {
      const kind: LineKind = e.kind === 'error' ? 'error' : e.kind === 'connect' ? 'connect' : 'validate';
      ranges[kind].push(eventRange(editor.document, e));
    }
    for (const kind of Object.keys(types) as LineKind[]) editor.setDecorations(types[kind], ranges[kind]);
    const log: Record<string, number[]> = {};
    for (const kind of Object.keys(ranges) as LineKind[]) log[kind] = ranges[kind].map((r) => r.start.line + 1);
    decorationLog.set(editor.document.uri.toString(), log);
  };
  const applyAll = () => vscode.window.visibleTextEditors.forEach(apply);
  const timers = new Map<string, NodeJS.Timeout>();
  applyAll();
  ctx.push(
    vscode.window.onDidChangeVisibleTextEditors(applyAll),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!isLogDocument(e.document)) return;
      const key = e.document.uri.toString();
      clearTimeout(timers.get(key));
      timers.set(
        key,
        setTimeout(() => vscode.window.visibleTextEditors.filter((ed) => ed.document === e.document).forEach(apply), 200),
      );
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('crossAccountBackup.logs')) return;
      Object.values(types).forEach((t) => t.dispose());
      types = createTypes();
      applyAll();
    }),
    { dispose: () => Object.values(types).forEach((t) => t.dispose()) },
  );
}

/** Each line kind's colour setting; its default (the settings table's) also stands in for an empty string. */
const COLOURS: Record<LineKind, 'logs.connectBackground' | 'logs.validateBackground' | 'logs.errorBackground'> = {
  connect: 'logs.connectBackground',
  validate: 'logs.validateBackground',
  error: 'logs.errorBackground',
};

export function lineColours(): Record<LineKind, string> {
  const out = {} as Record<LineKind, string>;
  for (const [kind, key] of Object.entries(COLOURS) as [LineKind, (typeof COLOURS)[LineKind]][]) out[kind] = setting(key)?.trim() || SETTINGS[key].default;
  return out;
}

function createTypes(): Record<LineKind, vscode.TextEditorDecorationType> {
  const colours = lineColours();
  const make = (colour: string) =>
    vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: colour,
      overviewRulerColor: colour.replace(/,\s*[\d.]+\)$/, ', 0.9)'),
      overviewRulerLane: vscode.OverviewRulerLane.Full,
    });
  return { connect: make(colours.connect), validate: make(colours.validate), error: make(colours.error) };
}
