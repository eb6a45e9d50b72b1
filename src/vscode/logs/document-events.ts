// Events of open log documents, parsed once per document version and shared by every provider.
import * as vscode from 'vscode';
import { extractEvents } from '../../core/logs/extract';
import type { LogEvent } from '../../core/logs/model';
import { LOG_LANGUAGE_ID } from '../command-ids';

export function isLogDocument(document: vscode.TextDocument): boolean {
  return document.languageId === LOG_LANGUAGE_ID;
}

export class DocumentEvents {
  private readonly cache = new Map<string, { version: number; events: LogEvent[] }>();

  get(document: vscode.TextDocument): LogEvent[] {
    const key = document.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === document.version) return hit.events;
    const events = extractEvents(document.getText());
    this.cache.set(key, { version: document.version, events });
    return events;
  }

  forget(document: vscode.TextDocument): void {
    this.cache.delete(document.uri.toString());
  }
}

/** The editor range of an event: its first line to the end of its last (wrapped) line. */
export function eventRange(document: vscode.TextDocument, event: LogEvent): vscode.Range {
  const last = Math.min(event.endLine, document.lineCount) - 1;
  return new vscode.Range(event.line - 1, 0, last, document.lineAt(last).text.length);
}

export function eventLabel(event: LogEvent): string {
  if (event.kind === 'connect') return 'Connect';
  if (event.kind === 'validate-credentials') return event.outcome === 'success' ? 'Credentials validated' : 'Validate credentials';
  return event.errorCode ? `Error ${event.errorCode}` : 'Error';
}

/** Lines (1-based) each decoration was last applied to, per document: what the integration tests check. */
export const decorationLog = new Map<string, Record<string, number[]>>();
