// Decides whether a JSON file is an IAM policy and whether it is a trust policy or an identity (permissions) policy.
import { createScanner, SyntaxKind } from 'jsonc-parser';
import type { PolicyUse } from './accounts';
import { parsePolicyModel, stringItems, type PolicyModel } from './parse';
import { CONTENT_SCAN_LIMIT, isPolicyName } from './sniff';

export { CONTENT_SCAN_LIMIT, isPolicyName };

export type PolicyKind = 'trust' | 'identity';

export interface PolicyClass {
  isPolicy: boolean;
  kind: PolicyKind;
  /** Why it counts as a policy (and of which kind), for logs and hovers. */
  reason: 'reference' | 'name' | 'content' | 'none';
}

/** Trust by name: `*trust*.json`, `*assume-role-policy*.json` (and its underscore / no-separator spellings). */
const TRUST_NAME = /trust|assume[-_]?role[-_]?policy/i;

/** True when the text's top-level value is an object with a `Statement` key (a cheap token scan, no tree). */
export function hasTopLevelStatement(text: string): boolean {
  if (text.length > CONTENT_SCAN_LIMIT) return false;
  const scanner = createScanner(text, true);
  let depth = 0;
  let first = true;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) continue;
    if (first) {
      if (kind !== SyntaxKind.OpenBraceToken) return false;
      first = false;
    }
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) depth++;
    else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) depth--;
    else if (kind === SyntaxKind.StringLiteral && depth === 1 && scanner.getTokenValue() === 'Statement') {
      // A key, not a value: the next token is the colon.
      if (scanner.scan() === SyntaxKind.ColonToken) return true;
    }
  }
  return false;
}

/** Trust by content: some statement names a principal and allows or denies STS actions. */
export function looksLikeTrust(model: PolicyModel): boolean {
  return model.statements.some((st) => {
    if (!st.get('Principal') && !st.get('NotPrincipal')) return false;
    const { items } = stringItems(st.get('Action')?.value);
    return items.some((n) => typeof n.value === 'string' && n.value.toLowerCase().startsWith('sts:'));
  });
}

/**
 * Classifies a file. `references` are the accounts file's references to it; `model` (optional) saves a parse when the
 * caller already has the document's model.
 */
export function classifyPolicy(file: string, text: string, references?: readonly PolicyUse[], model?: PolicyModel): PolicyClass {
  if (references && references.length > 0) {
    return { isPolicy: true, kind: references.some((r) => r.as === 'trust') ? 'trust' : 'identity', reason: 'reference' };
  }
  const norm = file.replace(/\\/g, '/');
  const base = norm.slice(norm.lastIndexOf('/') + 1);
  const byName = isPolicyName(file);
  const byContent = hasTopLevelStatement(text);
  if (!byName && !byContent) return { isPolicy: false, kind: 'identity', reason: 'none' };
  if (TRUST_NAME.test(base)) return { isPolicy: true, kind: 'trust', reason: 'name' };
  if (byContent && model && looksLikeTrust(model)) return { isPolicy: true, kind: 'trust', reason: 'content' };
  if (byContent && !model && /"(Not)?Principal"\s*:/.test(text) && /"sts:/i.test(text)) {
    // Confirm with a real parse only when a cheap look says it could be a trust policy.
    return classifyPolicy(file, text, references, parsePolicyModel(text));
  }
  return { isPolicy: true, kind: 'identity', reason: byContent ? 'content' : 'name' };
}
