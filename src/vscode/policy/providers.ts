// Adapts the core's quick fixes, completions and hovers to VS Code providers for policy documents.
import * as vscode from 'vscode';
import type { CompletionKind } from '../../core/policy/complete';
import { completePolicy } from '../../core/policy/complete';
import { quickFixes } from '../../core/policy/fixes';
import { hoverPolicy } from '../../core/policy/hover';
import { explainFindingsAt } from '../../core/rules';
import { codeOf, DIAGNOSTIC_SOURCE } from '../diagnostics';
import { toRange, type PolicyService } from './service';
import { CommandId } from '../command-ids';

/** Internal command (not in the palette): selects a range after a quick fix, e.g. the placeholder to overwrite. */
export const SELECT_RANGE_COMMAND = CommandId.PolicySelectRange;

export class PolicyCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly service: PolicyService) {}

  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const state = await this.service.current(doc);
    if (!state?.cls.isPolicy) return [];
    const start = doc.offsetAt(range.start);
    const end = doc.offsetAt(range.end);
    const model = this.service.model(doc);
    const actions: vscode.CodeAction[] = [];
    for (const finding of state.findings) {
      if (finding.range.end < start || finding.range.start > end) continue;
      const diagnostic =
        context.diagnostics.find((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) === finding.code && doc.offsetAt(d.range.start) === finding.range.start) ??
        undefined;
      for (const fix of quickFixes(model, finding)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        const edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) edit.replace(doc.uri, toRange(doc, e.range), e.newText);
        action.edit = edit;
        action.isPreferred = fix.preferred;
        if (diagnostic) action.diagnostics = [diagnostic];
        if (fix.select) action.command = { title: 'Select', command: SELECT_RANGE_COMMAND, arguments: [doc.uri, fix.select.start, fix.select.end] };
        actions.push(action);
      }
    }
    return actions;
  }
}

/** Selects [start, end) in the editor showing `uri`, once the quick fix's edit is in. */
export function selectRange(uri: vscode.Uri, start: number, end: number): void {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  if (!editor) return;
  const doc = editor.document;
  if (end > doc.getText().length) return;
  editor.selection = new vscode.Selection(doc.positionAt(start), doc.positionAt(end));
  editor.revealRange(editor.selection);
}

const KIND: Record<CompletionKind, vscode.CompletionItemKind> = {
  element: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  service: vscode.CompletionItemKind.Module,
  action: vscode.CompletionItemKind.Function,
  wildcard: vscode.CompletionItemKind.Constant,
  operator: vscode.CompletionItemKind.Operator,
  key: vscode.CompletionItemKind.Field,
  principal: vscode.CompletionItemKind.Reference,
};

export class PolicyCompletions implements vscode.CompletionItemProvider {
  constructor(private readonly service: PolicyService) {}

  async provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[] | undefined> {
    // The last check (possibly one keystroke old) says whether this is a policy; completions must not wait for a new one.
    const state = this.service.state(doc) ?? (await this.service.current(doc));
    if (!state?.cls.isPolicy) return undefined;
    const catalog = this.service.catalog();
    if (!catalog) return undefined;
    const items = completePolicy(this.service.model(doc), doc.offsetAt(position), { catalog, accounts: state.accounts });
    return items.map((c) => {
      const item = new vscode.CompletionItem(c.label, KIND[c.kind]);
      item.insertText = c.insertText;
      item.range = toRange(doc, c.range);
      item.detail = c.detail;
      if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
      item.sortText = c.sortText;
      // Filter on the label, which for inserted quotes differs from the insert text.
      item.filterText = c.insertText.startsWith('"') ? c.insertText : c.label;
      if (c.retrigger) item.command = { title: 'Suggest actions', command: 'editor.action.triggerSuggest' };
      return item;
    });
  }
}

export class PolicyHovers implements vscode.HoverProvider {
  constructor(private readonly service: PolicyService) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const state = this.service.state(doc);
    if (!state?.cls.isPolicy) return undefined;
    const catalog = this.service.catalog();
    if (!catalog) return undefined;
    const offset = doc.offsetAt(position);
    const h = hoverPolicy(this.service.model(doc), offset, { catalog, accounts: state.accounts });
    // Under a problem, what its rule is about (VS Code shows the problem's message itself above).
    const why = explainFindingsAt(state.findings, offset);
    const markdown = [h?.markdown, why].filter((m) => !!m).join('\n\n---\n\n');
    if (!markdown) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(markdown), h ? toRange(doc, h.range) : undefined);
  }
}
