// Last AssumeRole test and offline evaluation per tenant, shared by the tree, the log hovers and the AWS commands.
import * as vscode from 'vscode';

export interface TenantResult {
  kind: 'test' | 'evaluation';
  ok: boolean;
  /** One line for a description or tooltip, e.g. "assumed arn:aws:sts::…" or "access-denied: …". */
  summary: string;
  at: Date;
  /** The outcome in a few words when passed/failed says too little, e.g. `depends on aws:SourceIp`. */
  label?: string;
}

export class ResultsStore implements vscode.Disposable {
  private readonly byTenant = new Map<string, { test?: TenantResult; evaluation?: TenantResult }>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the key of the tenant whose result changed. */
  readonly onDidChange = this.changed.event;

  static key(accountsUri: string, tenantName: string): string {
    return `${accountsUri}#${tenantName}`;
  }

  set(key: string, result: TenantResult): void {
    const entry = this.byTenant.get(key) ?? {};
    entry[result.kind] = result;
    this.byTenant.set(key, entry);
    this.changed.fire(key);
  }

  get(key: string): { test?: TenantResult; evaluation?: TenantResult } {
    return this.byTenant.get(key) ?? {};
  }

  dispose(): void {
    this.changed.dispose();
  }
}
