// Quick fixes for policy findings, as plain text edits the editor applies as one undoable change.
import type { Finding } from '../findings';
import { locateAfter, removeAt, setAt, wrapAndAppend, type QuickFix } from './edits';
import type { PolicyFindingData } from './lint';
import type { PolicyModel } from './parse';

export const EXTERNAL_ID_PLACEHOLDER = 'EXTERNAL_ID';

/** The fixes offered for one finding (possibly none), computed on the document's model. */
export function quickFixes(model: PolicyModel, finding: Finding): QuickFix[] {
  const data = (finding.data ?? {}) as PolicyFindingData;
  const text = model.text;
  const replace = (title: string): QuickFix[] =>
    data.replacement ? [{ title, edits: [{ range: finding.range, newText: data.replacement }], preferred: true }] : [];
  try {
    switch (finding.code) {
      case 'duplicate-action': {
        if (!data.path) return [];
        const value = text.slice(finding.range.start, finding.range.end);
        return [{ title: `Remove the duplicate \`${value}\``, edits: removeAt(model, data.path), preferred: true }];
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
      case 'arn-region-account-not-allowed':
        return replace(`Change to \`${data.replacement}\``);
      case 'trust-action-principal-mismatch':
        return replace(`Replace with \`${data.replacement}\``);
      case 'trust-action-wildcard':
        return replace('Replace with `sts:AssumeRole`').map((f) => ({ ...f, preferred: false }));
      case 'wildcard-without-like':
      case 'set-operator-single-valued-key':
      case 'mfa-bad-pattern': {
        // The operator is renamed (the linter offers it only when no sibling has the new name).
        const range = data.operatorRange as { start: number; end: number } | undefined;
        if (!range || typeof data.operator !== 'string') return [];
        return [{ title: `Change the operator to \`${data.operator}\``, edits: [{ range, newText: data.operator }], preferred: true }];
      }
      case 'trust-invalid-action':
        return replace('Replace with `sts:AssumeRole`').map((f) => ({ ...f, preferred: false }));
      case 'missing-version':
      case 'invalid-version':
      case 'old-version': {
        const edits = setVersion(model);
        return [{ title: 'Set `Version` to `2012-10-17`', edits, preferred: true }];
      }
      case 'trust-resource-not-allowed':
        if (!data.path) return [];
        return [{ title: `Remove \`${data.path[data.path.length - 1]}\` from the trust policy`, edits: removeAt(model, data.path), preferred: true }];
      case 'trust-missing-external-id': {
        if (!data.path) return [];
        const value = data.externalId ?? EXTERNAL_ID_PLACEHOLDER;
        const edits = setAt(model, [...data.path, 'Condition', 'StringEquals', 'sts:ExternalId'], value);
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
        return [{ title: `Require the accounts file's external ID \`${data.externalId}\``, edits: setAt(model, data.path, data.externalId), preferred: true }];
      }
      case 'trust-principal-wildcard':
      case 'trust-account-mismatch': {
        if (!data.adminRoot) return [];
        if (finding.code === 'trust-account-mismatch') return [addAdminTrust(model, data.adminRoot, data.externalId ?? EXTERNAL_ID_PLACEHOLDER)];
        if (!data.path) return [];
        const edits = setAt(model, data.path, data.replaceWhole ? { AWS: data.adminRoot } : data.adminRoot);
        return [{ title: `Trust the admin account's root \`${data.adminRoot}\` instead`, edits, preferred: true }];
      }
      case 'missing-required-action': {
        if (!data.missing?.length) return [];
        return [
          {
            title: `Add the ${data.missing.length} missing action(s) in a new statement`,
            edits: addStatement(model, requiredStatement(data.missing)),
            preferred: true,
          },
        ];
      }
      default:
        return [];
    }
  } catch {
    // A fix computed on a half-typed document may not apply; offering none is better than a broken edit.
    return [];
  }
}

function setVersion(model: PolicyModel) {
  return setAt(model, ['Version'], '2012-10-17', { first: !model.get('Version')?.value });
}

function requiredStatement(actions: string[]) {
  return { Sid: 'CrossAccountBackupRequired', Effect: 'Allow', Action: actions, Resource: '*' };
}

/** Appends a statement, turning a single statement object into an array when needed. */
function addStatement(model: PolicyModel, statement: unknown) {
  const st = model.statementNode;
  if (st?.type === 'array') return setAt(model, ['Statement', -1], statement);
  if (st?.type === 'object') return wrapAndAppend(model, ['Statement'], statement);
  return setAt(model, ['Statement'], [statement]);
}

function addAdminTrust(model: PolicyModel, adminRoot: string, externalId: string): QuickFix {
  const statement = { Effect: 'Allow', Principal: { AWS: adminRoot }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': externalId } } };
  const edits = addStatement(model, statement);
  const select = locateAfter(model.text, edits, JSON.stringify(externalId));
  return {
    title: `Add a statement trusting the admin account's root \`${adminRoot}\``,
    edits,
    select: select && { start: select.start + 1, end: select.end - 1 },
  };
}
