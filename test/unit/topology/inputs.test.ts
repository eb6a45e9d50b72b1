// The AWS commands' input: the model plus policy files read by the path written in the accounts file.
import assert from 'node:assert/strict';
import { loadAccounts } from '../../../src/core/topology/load';
import { accountsInput } from '../../../src/core/topology/inputs';
import { URI } from '../../../src/core/topology/paths';

describe('topology: accounts input', () => {
  it("resolves written paths (either separator) against the accounts file's location, whatever its scheme", async () => {
    const files = new Map([['vscode-remote://ssh-remote%2Bhost/ws/policies/t.json', '{"Statement": []}']]);
    const loaded = loadAccounts({ uri: URI.parse('vscode-remote://ssh-remote%2Bhost/ws/cross-account-backup.json'), text: '{"admins": [], "tenants": []}' });
    const asked: string[] = [];
    const input = accountsInput(loaded, async (location) => {
      asked.push(location.toString());
      return files.get(location.toString());
    });
    assert.equal(input.topology, loaded.topology);
    assert.equal(await input.readFile('policies\\t.json'), '{"Statement": []}');
    assert.equal(await input.readFile('./missing.json'), undefined);
    assert.deepEqual(asked, ['vscode-remote://ssh-remote%2Bhost/ws/policies/t.json', 'vscode-remote://ssh-remote%2Bhost/ws/missing.json']);
  });
});
