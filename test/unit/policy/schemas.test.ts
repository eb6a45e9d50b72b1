// The strict JSON schemas (schemas/) accept the example policies and reject broken ones; VS Code validates with lenient copies built from them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { getLanguageService, TextDocument, type JSONSchema } from 'vscode-json-languageservice';
import { REPO } from './helpers';

const schema = (name: string) => JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', name), 'utf8')) as JSONSchema;

async function validate(schemaName: string, text: string): Promise<string[]> {
  const uri = `file:///${schemaName}`;
  const ls = getLanguageService({});
  ls.configure({ validate: true, schemas: [{ uri, fileMatch: ['*.json'], schema: schema(schemaName) }] });
  const doc = TextDocument.create('file:///doc.json', 'json', 1, text);
  const diags = await ls.doValidation(doc, ls.parseJSONDocument(doc), { schemaValidation: 'error', comments: 'error', trailingCommas: 'error' });
  return diags.map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
}

describe('policy JSON schemas', () => {
  const policies = path.join(REPO, 'examples', 'msp', 'policies');
  const read = (rel: string) => fs.readFileSync(path.join(policies, rel), 'utf8');

  it('are draft-07 with descriptions on the elements', () => {
    for (const name of ['iam-policy.schema.json', 'trust-policy.schema.json']) {
      const s = schema(name) as {
        $schema: string;
        properties: Record<string, { description?: string }>;
        definitions: { statement: { properties: Record<string, { description?: string; $ref?: string }> } };
      };
      assert.equal(s.$schema, 'http://json-schema.org/draft-07/schema#');
      for (const p of Object.values(s.properties)) assert.ok(p.description);
      for (const [k, p] of Object.entries(s.definitions.statement.properties)) assert.ok(p.description || p.$ref, k);
    }
  });

  it('the identity schema accepts the example permission policies and the admin trust policy (it matches *policy*.json)', async () => {
    for (const f of ['amazon_restricted_role_permissions.json', 'amazon_sts_assumerole.json', 'admin/admin-iam-role-policy.json']) {
      assert.deepEqual(await validate('iam-policy.schema.json', read(f)), [], f);
    }
  });

  it('the trust schema accepts the example trust policies', async () => {
    for (const f of ['tenants/finance/amazon_sts_assumerole_tenant.json', 'tenants/hr/amazon_sts_assumerole_tenant.json', 'admin/admin-iam-role-policy.json']) {
      assert.deepEqual(await validate('trust-policy.schema.json', read(f)), [], f);
    }
  });

  it('reject broken documents', async () => {
    const bad = [
      '{"Version": "2012-10-18", "Statement": []}',
      '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}',
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Actions": "s3:GetObject", "Resource": "*"}]}',
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLikee": {"a:b": "c"}}}]}',
    ];
    for (const text of bad) assert.ok((await validate('iam-policy.schema.json', text)).length > 0, text);
    const trustBad =
      '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole", "Resource": "*"}}';
    assert.ok((await validate('trust-policy.schema.json', trustBad)).length > 0);
    const noPrincipal = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole"}}';
    assert.ok((await validate('trust-policy.schema.json', noPrincipal)).length > 0);
  });
});
