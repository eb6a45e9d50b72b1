// Quick fixes for policy findings, as plain text edits the editor applies as one undoable change.
import { findNodeAtLocation } from 'jsonc-parser';
import type { Finding, SourceDocument } from '../findings';
import { locateAfter, removeAt, setAt, wrapAndAppend, type QuickFix } from './edits';
import type { PolicyFindingData } from './lint';
import { parsePolicy } from './parse';

export const EXTERNAL_ID_PLACEHOLDER = 'EXTERNAL_ID';

/** The fixes offered for one finding (possibly none). */
export function quickFixes(doc: SourceDocument, finding: Finding): QuickFix[] {
  const data = (finding.data ?? {}) as PolicyFindingData;
  const text = doc.text;
  const replace = (title: string): QuickFix[] =>
    data.replacement ? [{ title, edits: [{ range: finding.range, newText: data.replacement }], preferred: true }] : [];
  try {
    switch (finding.code) {
      case 'duplicate-action': {
        if (!data.path) return [];
        const value = text.slice(finding.range.start, finding.range.end);
        return [{ title: `Remove the duplicate \`${value}\``, edits: removeAt(text, data.path), preferred: true }];
      }
      case 'unknown-action':
      case 'unknown-service': {
        if (!data.replacement) return [];
        return replace(`Replace with \`${data.label ?? data.replacement}\``);
      }
      case 'unknown-element':
      case 'unknown-condition-operator':
      case 'invalid-effect':
      case 'invalid-sid':
      case 'principal-invalid':
        return replace(`Change to \`${data.replacement}\``);
      case 'trust-invalid-action':
        return replace('Replace with `sts:AssumeRole`').map((f) => ({ ...f, preferred: false }));
      case 'missing-version':
      case 'invalid-version':
      case 'old-version': {
        const edits = setVersion(text);
        return [{ title: 'Set `Version` to `2012-10-17`', edits, preferred: true }];
      }
      case 'trust-resource-not-allowed':
        if (!data.path) return [];
        return [{ title: `Remove \`${data.path[data.path.length - 1]}\` from the trust policy`, edits: removeAt(text, data.path), preferred: true }];
      case 'trust-missing-external-id': {
        if (!data.path) return [];
        const value = data.externalId ?? EXTERNAL_ID_PLACEHOLDER;
        const edits = setAt(text, [...data.path, 'Condition', 'StringEquals', 'sts:ExternalId'], value);
        const select = locateAfter(text, edits, JSON.stringify(value));
        return [
          {
            title: data.externalId ? `Require the tenant's external ID \`${value}\`` : 'Add an `sts:ExternalId` condition',
            edits,
            preferred: true,
            select: select && { start: select.start + 1, end: select.end - 1 },
          },
        ];
      }
      case 'trust-external-id-mismatch': {
        if (!data.path || data.externalId === undefined) return [];
        return [{ title: `Require the accounts file's external ID \`${data.externalId}\``, edits: setAt(text, data.path, data.externalId), preferred: true }];
      }
      case 'trust-principal-wildcard':
      case 'trust-account-mismatch': {
        if (!data.adminRoot) return [];
        if (finding.code === 'trust-account-mismatch') return [addAdminTrust(doc, data.adminRoot, data.externalId ?? EXTERNAL_ID_PLACEHOLDER)];
        if (!data.path) return [];
        const edits = setAt(text, data.path, data.replaceWhole ? { AWS: data.adminRoot } : data.adminRoot);
        return [{ title: `Trust the admin account's root \`${data.adminRoot}\` instead`, edits, preferred: true }];
      }
      case 'missing-required-action': {
        if (!data.missing?.length) return [];
        return [{ title: `Add the ${data.missing.length} missing action(s) in a new statement`, edits: addStatement(text, requiredStatement(data.missing)), preferred: true }];
      }
      default:
        return [];
    }
  } catch {
    // A fix computed on a half-typed document may not apply; offering none is better than a broken edit.
    return [];
  }
}

function setVersion(text: string) {
  const root = parsePolicy(text).root;
  const exists = !!root && !!findNodeAtLocation(root, ['Version']);
  return setAt(text, ['Version'], '2012-10-17', { first: !exists });
}

function requiredStatement(actions: string[]) {
  return { Sid: 'CrossAccountBackupRequired', Effect: 'Allow', Action: actions, Resource: '*' };
}

/** Appends a statement, turning a single statement object into an array when needed. */
function addStatement(text: string, statement: unknown) {
  const st = parsePolicy(text).statementNode;
  if (st?.type === 'array') return setAt(text, ['Statement', -1], statement);
  if (st?.type === 'object') return wrapAndAppend(text, ['Statement'], statement);
  return setAt(text, ['Statement'], [statement]);
}

function addAdminTrust(doc: SourceDocument, adminRoot: string, externalId: string): QuickFix {
  const statement = { Effect: 'Allow', Principal: { AWS: adminRoot }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': externalId } } };
  const edits = addStatement(doc.text, statement);
  const select = locateAfter(doc.text, edits, JSON.stringify(externalId));
  return { title: `Add a statement trusting the admin account's root \`${adminRoot}\``, edits, select: select && { start: select.start + 1, end: select.end - 1 } };
}
