// Registers the policy feature: diagnostics, quick fixes, completions and hovers for IAM policy documents.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { PolicyCodeActions, PolicyCompletions, PolicyHovers, SELECT_RANGE_COMMAND, selectRange } from './providers';
import { POLICY_LANGUAGES, PolicyService } from './service';

export function registerPolicy(ctx: Ctx): void {
  // Cheap at activation: providers and listeners only; the IAM catalog loads on the first check.
  const service = new PolicyService(ctx);
  const selector: vscode.DocumentSelector = POLICY_LANGUAGES.map((language) => ({ language }));
  ctx.push(
    service,
    vscode.languages.registerCodeActionsProvider(selector, new PolicyCodeActions(service), PolicyCodeActions.metadata),
    vscode.languages.registerCompletionItemProvider(selector, new PolicyCompletions(service), '"', ':'),
    vscode.languages.registerHoverProvider(selector, new PolicyHovers(service)),
    ctx.command(SELECT_RANGE_COMMAND, selectRange),
  );
  // Documents already open when the extension activates get no open event.
  service.recheckAll();
}
