// VS Code validates with lenient copies of the schemas, so a violation shows once (ours, with a code), not twice.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { toEditorSchema } from '../../scripts/build-editor-schemas.mjs';

const ROOT = path.join(__dirname, '../..');
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(ROOT, f), 'utf8')) as Record<string, unknown>;

async function problemsAndCompletions(schema: unknown, text: string, offset: number) {
  const service = getLanguageService({ schemaRequestService: async () => JSON.stringify(schema) });
  service.configure({ validate: true, schemas: [{ uri: 'mem://schema.json', fileMatch: ['*.json'] }] });
  const doc = TextDocument.create('file:///x/a-policy.json', 'json', 1, text);
  const json = service.parseJSONDocument(doc);
  const problems = await service.doValidation(doc, json);
  const completions = await service.doComplete(doc, doc.positionAt(offset), json);
  return { problems, labels: completions?.items.map((i) => i.label) ?? [] };
}

describe('editor copies of the schemas', () => {
  const policy = read('schemas/iam-policy.schema.json');

  it('the strict policy schema reports a misspelt element and a bad Effect (what the editor copy must not repeat)', async () => {
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Alow","Actions":"s3:GetObject","Resource":"*"}]}';
    const { problems } = await problemsAndCompletions(policy, text, 0);
    assert.ok(problems.length >= 2, JSON.stringify(problems.map((p) => p.message)));
  });

  it('the editor copy reports none of them, since the extension already does with codes', async () => {
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Alow","Actions":"s3:GetObject","Resource":"*"}]}';
    const { problems } = await problemsAndCompletions(toEditorSchema(policy), text, 0);
    assert.deepEqual(
      problems.map((p) => p.message),
      [],
    );
  });

  it('still completes Effect values and statement elements', async () => {
    const text = '{"Version":"2012-10-17","Statement":[{"Effect": }]}';
    const { labels } = await problemsAndCompletions(toEditorSchema(policy), text, text.indexOf('"Effect": ') + 10);
    assert.ok(labels.includes('"Allow"') && labels.includes('"Deny"'), labels.join(', '));
    const keys = await problemsAndCompletions(toEditorSchema(policy), '{"Statement":[{}]}', 15);
    assert.ok(keys.labels.includes('Effect') && keys.labels.includes('Condition'), keys.labels.join(', '));
  });

  it('keeps every description of the accounts-file schema', () => {
    const strict = JSON.stringify(read('schemas/topology.schema.json'));
    const lenient = JSON.stringify(toEditorSchema(read('schemas/topology.schema.json')));
    const count = (s: string) => (s.match(/"description"/g) ?? []).length;
    assert.equal(count(lenient), count(strict));
    assert.ok(!lenient.includes('"required"') && !lenient.includes('"enum"'));
  });
});
