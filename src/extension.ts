// Entry point. Activation only registers stand-ins for the commands and views (./vscode/shell); the
// features load on first need (./vscode/features, its own bundle) and the AWS SDK on first AWS call.
import type * as vscode from 'vscode';
import { Shell } from './vscode/shell';

export function activate(context: vscode.ExtensionContext): void {
  new Shell(context);
}

export function deactivate(): void {}
