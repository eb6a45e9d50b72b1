// Shared fixtures for the topology tests: a valid accounts file as an object, and a linter run with a fake file system.
import type { JSONPath } from 'jsonc-parser';
import type { Finding } from '../../../src/core/findings';
import { lintAccounts } from '../../../src/core/topology/lint';
import { loadAccounts, rangeAt, type LoadedAccounts } from '../../../src/core/topology/load';
import { URI } from '../../../src/core/topology/paths';

export const ACCOUNTS = '/ws/cross-account-backup.json';

/** One admin with access nodes in us-east-1a and us-west-2b, one tenant using it; lints clean when all policy files exist. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests break this document into shapes no type allows (wrong types, missing required fields, unknown ones): it is the linter's untyped input.
export function valid(): any {
  return {
    admins: [
      {
        name: 'msp',
        accountId: '111111111111',
        hypervisor: {
          name: 'msp-aws',
          authentication: 'iamRole',
          roleArn: 'arn:aws:iam::111111111111:role/vsa-assume-role',
          useAdminAccountResources: false,
          createdAutomatically: false,
          accessNodes: [
            { name: 'an1', os: 'linux', instanceId: 'i-0d6a2d710af044a19', region: 'us-east-1', availabilityZone: 'us-east-1a' },
            { name: 'an2', os: 'windows', instanceId: 'i-07c3b0f4e1a2d9e58', region: 'us-west-2', availabilityZone: 'us-west-2b' },
          ],
        },
        policies: { permissions: ['policies/sts-only.json'], trust: 'policies/admin/trust.json' },
      },
    ],
    tenants: [
      {
        name: 'finance',
        accountId: '222222222222',
        admin: 'msp',
        hypervisor: {
          name: 'finance-aws',
          authentication: 'stsAssumeRole',
          roleArn: 'arn:aws:iam::222222222222:role/vsa-role',
          externalId: 'msp-finance-7f3a',
          useAdminAccountResources: true,
        },
        policies: { permissions: ['policies/restricted.json'], trust: 'policies/tenants/finance/trust.json' },
        vmGroups: [{ name: 'prod', regions: ['us-east-1'], intelliSnap: true, backupCopy: false }],
        restores: [{ availabilityZone: 'us-east-1a', from: 'snapshot' }],
      },
    ],
  };
}

export const EXISTING = new Set(
  ['policies/sts-only.json', 'policies/admin/trust.json', 'policies/restricted.json', 'policies/tenants/finance/trust.json'].map((p) => `/ws/${p}`),
);

export interface Run {
  loaded: LoadedAccounts;
  findings: Finding[];
  /** Findings with this code. */
  of(code: string): Finding[];
  /** The text a finding underlines. */
  text(f: Finding): string;
  /** The range of the value (or key) at a JSON path, to compare with a finding's. */
  at(path: JSONPath, key?: boolean): { start: number; end: number };
}

export async function lint(input: unknown, existing: ReadonlySet<string> = EXISTING): Promise<Run> {
  const text = typeof input === 'string' ? input : JSON.stringify(input, null, 2);
  const loaded = loadAccounts({ uri: URI.file(ACCOUNTS), text });
  const findings = await lintAccounts(loaded, { fileExists: (p) => existing.has(p.path) });
  return {
    loaded,
    findings,
    of: (code) => findings.filter((f) => f.code === code),
    text: (f) => text.slice(f.range.start, f.range.end),
    at: (path, key) => rangeAt(loaded.root, path, key),
  };
}
