import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = path.join(__dirname, '../../..');
let grammar: textmate.IGrammar;

/** The scopes of the token that covers `needle`'s first character in `line`. */
function scopesAt(line: string, needle: string, nth = 0): string[] {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = line.indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" not in line`);
  const { tokens } = grammar.tokenizeLine(line, textmate.INITIAL);
  const token = tokens.find((t) => t.startIndex <= at && at < t.endIndex);
  assert.ok(token);
  return token.scopes;
}

describe('logs: TextMate grammar', () => {
  before(async () => {
    const wasm = fs.readFileSync(path.join(root, 'node_modules/vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
      loadGrammar: async (scope) =>
        scope === 'text.log.commvault'
          ? textmate.parseRawGrammar(fs.readFileSync(path.join(root, 'syntaxes/commvault-log.tmLanguage.json'), 'utf8'), 'commvault-log.tmLanguage.json')
          : null,
    });
    const loaded = await registry.loadGrammar('text.log.commvault');
    assert.ok(loaded);
    grammar = loaded;
  });

  it('the manifest points at this grammar and scope', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const entry = manifest.contributes.grammars.find((g: { language: string }) => g.language === 'commvault-log');
    assert.equal(entry.scopeName, 'text.log.commvault');
    assert.ok(fs.existsSync(path.join(root, entry.path)));
    assert.ok(fs.existsSync(path.join(root, manifest.contributes.languages.find((l: { id: string }) => l.id === 'commvault-log').configuration)));
  });

  it('scopes the header: process id, thread id, time, job id', () => {
    const line = '4312  7f3c   11/20 02:00:02 48213 CVSAmazonBackup::BackupVM() - Creating snapshot';
    assert.ok(scopesAt(line, '4312').includes('constant.numeric.integer.process-id.commvault-log'));
    assert.ok(scopesAt(line, '7f3c').includes('constant.numeric.hex.thread-id.commvault-log'));
    assert.ok(scopesAt(line, '11/20').includes('constant.other.timestamp.commvault-log'));
    assert.ok(scopesAt(line, '48213').includes('variable.other.job-id.commvault-log'));
    assert.ok(scopesAt(line, 'CVSAmazonBackup').includes('entity.name.type.class.commvault-log'));
    assert.ok(scopesAt(line, 'BackupVM').includes('entity.name.function.commvault-log'));
  });

  it('splits run-together process and thread ids and marks placeholder job ids', () => {
    const line = '960f6c   05/09 11:24:04 ### CvProcessHandler::Init() - Started';
    assert.ok(scopesAt(line, '960').includes('constant.numeric.integer.process-id.commvault-log'));
    assert.ok(scopesAt(line, 'f6c').includes('constant.numeric.hex.thread-id.commvault-log'));
    assert.ok(scopesAt(line, '###').includes('comment.other.job-id.placeholder.commvault-log'));
  });

  it('gives Connect and ValidateCredentials lines their own line and function scopes', () => {
    const connect = '960f6c   05/09 11:24:04 16972 CAmazonInfo::Connect() - Connecting to Url=[default], username[arn:aws:iam::xxxxxxxxxxxx:role/VSA_Role]';
    assert.ok(scopesAt(connect, 'Connecting').includes('meta.line.connect.commvault-log'));
    assert.ok(scopesAt(connect, 'Connect(').includes('entity.name.function.connect.commvault-log'));
    assert.ok(scopesAt(connect, 'default').includes('string.other.url.commvault-log'));
    assert.ok(scopesAt(connect, 'arn:aws').includes('string.other.arn.commvault-log'));
    assert.ok(scopesAt(connect, 'xxxxxxxxxxxx').includes('comment.other.account-id.placeholder.commvault-log'));
    const validate = '6924f48   05/08 20:07:24 16960 AmazonConnection::ValidateCredentials() \u2013 Assume role [arn:aws:iam:: 123456789012  :role/VSA_Role]';
    assert.ok(scopesAt(validate, 'Assume').includes('meta.line.validate-credentials.commvault-log'));
    assert.ok(scopesAt(validate, 'ValidateCredentials').includes('entity.name.function.validate-credentials.commvault-log'));
    assert.ok(scopesAt(validate, 'arn:aws').includes('string.other.arn.commvault-log'));
    assert.ok(scopesAt(validate, '123456789012').includes('constant.numeric.account-id.commvault-log'));
  });

  it('marks failure words, AWS error codes and bare account ids', () => {
    const line =
      '4312  81a0   11/20 02:05:12 48214 AmazonConnection::ValidateCredentials() - Failed to assume role. Error [AccessDenied] ExpiredToken for tenant account [333333333333]';
    assert.ok(scopesAt(line, 'Failed').includes('keyword.other.error.commvault-log'));
    assert.ok(scopesAt(line, 'Error').includes('keyword.other.error.commvault-log'));
    assert.ok(scopesAt(line, 'AccessDenied').includes('support.constant.aws-error-code.commvault-log'));
    assert.ok(scopesAt(line, 'ExpiredToken').includes('support.constant.aws-error-code.commvault-log'));
    assert.ok(scopesAt(line, '333333333333').includes('constant.numeric.account-id.commvault-log'));
    const plain = '4312  7f3c   11/20 02:00:04 48213 X::Y() - details available, retry count [0]';
    assert.ok(!scopesAt(plain, 'details').some((s) => s.includes('error')));
  });

  it('handles a BOM at the start of the file', () => {
    const line = '\uFEFF4312  7f3c   11/20 02:00:02 48213 X::Y() - hello';
    assert.ok(scopesAt(line, '4312').includes('constant.numeric.integer.process-id.commvault-log'));
  });
});
