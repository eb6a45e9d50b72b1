// Converts between VS Code's `Uri` and the core's location type (vscode-uri's `URI`, the same model without the vscode module).
import * as vscode from 'vscode';
import { URI } from '../core/topology/paths';

export function toCoreUri(uri: vscode.Uri): URI {
  return URI.from({ scheme: uri.scheme, authority: uri.authority, path: uri.path, query: uri.query, fragment: uri.fragment });
}

export function toVscodeUri(uri: URI): vscode.Uri {
  return vscode.Uri.from({ scheme: uri.scheme, authority: uri.authority, path: uri.path, query: uri.query, fragment: uri.fragment });
}
