// The simulated backup actions are exactly the seed's restricted permissions, wildcards spelled out.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BACKUP_ACTIONS } from '../../../src/core/aws/backup-permissions';

const seed = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../examples/msp/policies/amazon_restricted_role_permissions.json'), 'utf8')) as {
  Statement: { Action: string | string[] }[];
};
const seedActions = [...new Set(seed.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])))];
const matches = (pattern: string, action: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action);

describe('backup permission set for iam:SimulatePrincipalPolicy', () => {
  it('has no wildcard and no duplicate', () => {
    assert.deepEqual(
      BACKUP_ACTIONS.filter((a) => a.includes('*')),
      [],
    );
    assert.equal(new Set(BACKUP_ACTIONS).size, BACKUP_ACTIONS.length);
  });

  it('covers every action of the seed policy and nothing else', () => {
    assert.deepEqual(
      seedActions.filter((p) => !BACKUP_ACTIONS.some((a) => matches(p, a))),
      [],
      'seed actions not simulated',
    );
    assert.deepEqual(
      BACKUP_ACTIONS.filter((a) => !seedActions.some((p) => matches(p, a))),
      [],
      'simulated actions the seed does not allow',
    );
  });
});
