// Shared fixtures for the policy tests: the IAM catalog (built on the fly if missing) and range markers in test texts.
import path from 'node:path';
import { buildIamCatalog } from '../../../scripts/build-iam-catalog.mjs';
import { openIamCatalog, type IamCatalog } from '../../../src/core/policy/catalog';
import type { Finding, OffsetRange } from '../../../src/core/findings';
import type { PolicyAccounts } from '../../../src/core/policy/accounts';

export const REPO = path.resolve(__dirname, '..', '..', '..');
let catalog: IamCatalog | undefined;

/** The catalog from dist/data (what the extension ships), built first when `npm run build` has not run yet. */
export function testCatalog(): IamCatalog {
  if (!catalog) catalog = openIamCatalog(buildIamCatalog(path.join(REPO, 'dist', 'data', 'iam-catalog')));
  return catalog;
}

/** Strips `«` and `»` from a text and returns the range between them (the range a finding must have). */
export function marked(src: string): { text: string; range: OffsetRange } {
  const start = src.indexOf('«');
  const end = src.indexOf('»');
  if (start < 0 || end < start) throw new Error('test text needs «…» markers');
  return { text: src.slice(0, start) + src.slice(start + 1, end) + src.slice(end + 1), range: { start, end: end - 1 } };
}

/**
 * The findings a shipped or generated policy may not have: every error and warning, and any information finding
 * other than the documented ones on the grants the backup permission set needs (`iam:PassRole` on `*`, see
 * docs/rules.md: passrole-any-resource, privilege-escalation).
 */
export function undocumented(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity !== 'info' || !['passrole-any-resource', 'privilege-escalation'].includes(f.code));
}

/** The smallest accounts file the cross-account checks need: admin `msp` (an iamRole admin) and tenant `finance` sending `externalId`. */
export function mspTopology(externalId: string) {
  return {
    admins: [
      {
        name: 'msp',
        accountId: '111111111111',
        hypervisor: { name: 'h', authentication: 'iamRole' as const, roleArn: 'arn:aws:iam::111111111111:role/vsa-assume-role' },
      },
    ],
    tenants: [{ name: 'finance', accountId: '222222222222', admin: 'msp', hypervisor: { name: 'f', authentication: 'stsAssumeRole' as const, externalId } }],
  };
}

/** The accounts context of a file that `topology` names as tenant `finance`'s trust policy. */
export function tenantTrustAccounts(topology: ReturnType<typeof mspTopology>): PolicyAccounts {
  return { topology, references: [{ role: 'tenant', account: topology.tenants[0], as: 'trust', permissionFiles: [] }] };
}
