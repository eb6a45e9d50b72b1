// Completions and hovers: what the cursor position offers and explains.
import assert from 'node:assert/strict';
import type { PolicyAccounts } from '../../../src/core/policy/accounts';
import { completePolicy } from '../../../src/core/policy/complete';
import { hoverPolicy } from '../../../src/core/policy/hover';
import { parsePolicyModel } from '../../../src/core/policy/parse';
import { mspTopology, tenantTrustAccounts, testCatalog } from './helpers';

/** Splits a text at its `|` cursor marker. */
function at(src: string): { text: string; offset: number } {
  const offset = src.indexOf('|');
  return { text: src.slice(0, offset) + src.slice(offset + 1), offset };
}

const topology = mspTopology('fin-7f3a');
const accounts: PolicyAccounts = tenantTrustAccounts(topology);

describe('policy completions', () => {
  const catalog = testCatalog();
  const complete = (src: string, withAccounts = false) => {
    const { text, offset } = at(src);
    return completePolicy(parsePolicyModel(text), offset, { catalog, accounts: withAccounts ? accounts : undefined });
  };
  const labels = (items: { label: string }[]) => items.map((i) => i.label);

  it('offers service prefixes, which re-open suggestions for the actions', () => {
    const items = complete('{"Statement": [{"Action": ["e|"]}]}');
    const ec2 = items.find((i) => i.label === 'ec2');
    assert.ok(ec2);
    assert.equal(ec2.insertText, 'ec2:');
    assert.equal(ec2.retrigger, true);
    assert.ok(items.length > 300, 'all service prefixes');
  });

  it("offers a service's actions and wildcard forms, replacing the whole string", () => {
    const src = '{"Statement": [{"Action": "ec2:Desc|ribe"}]}';
    const items = complete(src);
    assert.ok(labels(items).includes('ec2:DescribeInstances'));
    assert.ok(labels(items).includes('ec2:*'));
    assert.ok(labels(items).includes('ec2:Describe*'));
    const { text } = at(src);
    assert.deepEqual(items[0].range, { start: text.indexOf('ec2:'), end: text.indexOf('ribe') + 4 });
  });

  it('quotes the insert when the cursor is not in a string', () => {
    const items = complete('{"Statement": [{"Effect": |}]}');
    assert.deepEqual(labels(items), ['Allow', 'Deny']);
    assert.equal(items[0].insertText, '"Allow"');
    assert.deepEqual(labels(complete('{"Version": "|"}')), ['2012-10-17', '2008-10-17']);
  });

  it('offers condition operators, with IfExists and set forms', () => {
    const items = labels(complete('{"Statement": [{"Condition": {"|": {}}}]}'));
    for (const op of ['StringEquals', 'StringLikeIfExists', 'ForAnyValue:StringEquals', 'Null']) assert.ok(items.includes(op), op);
    assert.ok(!items.includes('NullIfExists'));
  });

  it("offers the statement services' condition keys before global ones, leaving variable parts to type", () => {
    const items = complete('{"Statement": [{"Action": "ec2:DeleteVolume", "Condition": {"StringLike": {"|": "*"}}}]}');
    const tag = items.find((i) => i.label === 'ec2:ResourceTag/${TagKey}');
    assert.ok(tag);
    assert.equal(tag.insertText, 'ec2:ResourceTag/');
    assert.ok(items.some((i) => i.label === 'aws:SourceIp'));
    const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.ok(sorted.findIndex((i) => i.label.startsWith('ec2:')) < sorted.findIndex((i) => i.label === 'aws:SourceIp'));
  });

  it("offers principal forms, with the accounts file's admin and tenants", () => {
    assert.deepEqual(labels(complete('{"Statement": [{"Principal": {"|"}}]}')), ['AWS', 'Service', 'Federated', 'CanonicalUser']);
    const aws = complete('{"Statement": [{"Principal": {"AWS": "|"}}]}', true);
    assert.ok(labels(aws).includes('arn:aws:iam::111111111111:root'));
    assert.ok(labels(aws).includes('arn:aws:iam::111111111111:role/vsa-assume-role'));
    assert.ok(labels(complete('{"Statement": [{"Principal": {"Service": ["|"]}}]}')).includes('ec2.amazonaws.com'));
  });

  it("offers the tenant's external ID as the sts:ExternalId value", () => {
    assert.deepEqual(labels(complete('{"Statement": [{"Condition": {"StringEquals": {"sts:ExternalId": "|"}}}]}', true)), ['fin-7f3a']);
  });

  it('offers element names at the policy and statement levels', () => {
    assert.deepEqual(labels(complete('{"|"}')), ['Version', 'Id', 'Statement']);
    assert.ok(labels(complete('{"Statement": [{"|"}]}')).includes('NotResource'));
  });
});

describe("policy completions limited by the statement's actions", () => {
  const catalog = testCatalog();
  const complete = (src: string) => {
    const { text, offset } = at(src);
    return completePolicy(parsePolicyModel(text), offset, { catalog });
  };
  const labels = (items: { label: string }[]) => items.map((i) => i.label);

  it('condition keys: only the service keys one of the actions supports, and every global key', () => {
    const get = labels(complete('{"Statement": [{"Action": "s3:GetObject", "Condition": {"StringEquals": {"|"}}}]}'));
    assert.ok(get.includes('s3:ExistingObjectTag/${TagKey}') || get.some((k) => k.startsWith('s3:ExistingObjectTag/')), 'a key s3:GetObject supports');
    assert.ok(!get.includes('s3:prefix'), 's3:prefix is a ListBucket key');
    assert.ok(get.includes('aws:SourceIp'), 'global keys stay');
    const any = labels(complete('{"Statement": [{"Action": "s3:*", "Condition": {"StringEquals": {"|"}}}]}'));
    assert.ok(any.includes('s3:prefix'), 'with s3:* every S3 key may apply');
  });

  it('resource ARNs: the resource types the actions act on', () => {
    const get = labels(complete('{"Statement": [{"Action": "s3:GetObject", "Resource": "|"}]}'));
    assert.ok(get.includes('arn:aws:s3:::*/*'), get.join());
    assert.ok(!get.includes('arn:aws:s3:::*'), 'a bucket is not what s3:GetObject reads');
    const list = labels(complete('{"Statement": [{"Action": ["s3:ListBucket"], "Resource": "|"}]}'));
    assert.ok(list.includes('arn:aws:s3:::*') && !list.includes('arn:aws:s3:::*/*'), list.join());
  });
});

describe('policy hovers', () => {
  const catalog = testCatalog();
  const hover = (src: string, withAccounts = false) => {
    const { text, offset } = at(src);
    return hoverPolicy(parsePolicyModel(text), offset, { catalog, accounts: withAccounts ? accounts : undefined });
  };

  it('describes an action: description, access level, resource types, condition keys', () => {
    const h = hover('{"Statement": [{"Action": ["s3:GetObject", "ec2:Delete|Volume"]}]}');
    assert.ok(h);
    assert.match(h.markdown, /\*\*ec2:DeleteVolume\*\*/);
    assert.match(h.markdown, /Access level: \*\*Write\*\*/);
    assert.match(h.markdown, /`volume` \(required\)/);
    assert.match(h.markdown, /ec2:Region/);
  });

  it('expands a wildcard: count and list', () => {
    const h = hover('{"Statement": [{"Action": "kms:GenerateDataKey|*"}]}');
    assert.ok(h);
    assert.match(h.markdown, /matches \*\*\d+\*\* AWS Key Management Service actions/);
    assert.match(h.markdown, /kms:GenerateDataKeyWithoutPlaintext/);
  });

  it('splits an ARN into its parts and names the account from the accounts file', () => {
    const h = hover('{"Statement": [{"Principal": {"AWS": "arn:aws:iam::1111111|11111:root"}}]}', true);
    assert.ok(h);
    assert.match(h.markdown, /\| account \| `111111111111` \|/);
    assert.match(h.markdown, /admin account `msp`/);
    const r = hover('{"Statement": [{"Resource": "arn:aws:ec2:*:*:vol|ume/*"}]}');
    assert.match(r!.markdown, /Resource type: `volume`/);
  });

  it('explains condition operators and keys', () => {
    assert.match(hover('{"Statement": [{"Condition": {"ForAnyValue:String|Equals": {}}}]}')!.markdown, /at least one value/);
    assert.match(hover('{"Statement": [{"Condition": {"NumericLess|Than": {}}}]}')!.markdown, /For keys of type `Numeric`/);
    assert.match(hover('{"Statement": [{"Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:Exte|rnalId": "x"}}}]}')!.markdown, /sts:ExternalId/);
  });

  it("on a condition key: its type, the operator to use, and which of the statement's actions support it", () => {
    const yes = hover('{"Statement": [{"Action": ["s3:ListBucket", "s3:GetObject"], "Condition": {"StringLike": {"s3:pre|fix": "a/*"}}}]}')!.markdown;
    assert.match(yes, /type `String`/);
    assert.match(yes, /Compare it with `StringEquals`/);
    assert.match(yes, /Supported by `s3:ListBucket`\./);
    const no = hover('{"Statement": [{"Action": "s3:GetObject", "Condition": {"StringLike": {"s3:pre|fix": "a/*"}}}]}')!.markdown;
    assert.match(no, /None of this statement's actions supports it/);
    assert.match(
      hover('{"Statement": [{"Condition": {"ForAnyValue:StringEquals": {"aws:Tag|Keys": []}}}]}')!.markdown,
      /under `ForAnyValue:` or `ForAllValues:`/,
    );
  });

  it('on a resource: the matched resource type with its ARN format, and which actions act on it', () => {
    const h = hover('{"Statement": [{"Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "arn:aws:s3:::bu|cket"}]}')!.markdown;
    assert.match(h, /Resource type: `bucket` \(`arn:\$\{Partition\}:s3:::\$\{BucketName\}`\)/);
    assert.match(h, /Acted on by `s3:ListBucket`\./);
    const none = hover('{"Statement": [{"Action": "s3:GetObject", "Resource": "arn:aws:s3:::bu|cket"}]}')!.markdown;
    assert.match(none, /None of this statement's actions acts on it/);
    assert.match(hover('{"Statement": [{"Resource": "arn:aws:s3:us-east-1::bu|cket/*"}]}')!.markdown, /`arn:aws:s3:::bucket\/\*` would/);
  });

  it('has nothing to say outside strings', () => {
    assert.equal(hover('{"Statement": [{"Effect": "Allow"}|]}'), undefined);
  });
});
