// Policy checks: the seed's restricted policy (median, target ≤ 2 ms), the largest policies IAM accepts (a managed policy of
// 6,144 and a role's inline policies of 10,240 characters, whitespace not counted), a generated 10,000-statement ~3 MB
// policy (target ≤ 250 ms), and the same big file validated by vscode-json-languageservice with our schema, for the ratio.
import fs from 'node:fs';
import path from 'node:path';
import { getLanguageService, TextDocument, type JSONSchema } from 'vscode-json-languageservice';
import { buildIamCatalog } from '../scripts/build-iam-catalog.mjs';
import { openIamCatalog } from '../src/core/policy/catalog';
import { lintPolicy } from '../src/core/policy/lint';
import { policySize } from '../src/core/policy/size';

const ROOT = path.resolve(__dirname, '..');
const catalog = openIamCatalog(buildIamCatalog(path.join(ROOT, 'dist', 'data', 'iam-catalog')));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function time(fn: () => unknown, runs: number, collect = false): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (collect) gc();
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** The actions the generated policies draw from: varied services, with and without wildcards. */
const actions = [
  'ec2:DescribeInstances',
  's3:GetObject',
  's3:PutObject',
  'kms:Decrypt',
  'kms:GenerateDataKey*',
  'ssm:SendCommand',
  'iam:PassRole',
  'ec2:CreateSnapshot',
  'ebs:ListChangedBlocks',
  'ec2:Describe*',
  'ec2:CreateTags',
];

/** A realistic big policy (~3 MB): varied services, wildcards, ARNs and conditions. */
function bigPolicy(statements: number): string {
  const list = [];
  for (let i = 0; i < statements; i++) {
    list.push({
      Sid: `Stmt${i}`,
      Effect: i % 7 === 0 ? 'Deny' : 'Allow',
      Action: [actions[i % actions.length], actions[(i + 3) % actions.length], actions[(i + 7) % actions.length]],
      Resource: [`arn:aws:s3:::backup-bucket-${i}/*`, `arn:aws:ec2:us-east-1:${String(100000000000 + i)}:volume/*`],
      Condition: { StringLike: { 'aws:ResourceTag/_GX_BACKUP_': '*' }, Bool: { 'aws:SecureTransport': 'true' } },
    });
  }
  // One statement a line, as generated policies are laid out: about 300 bytes a statement, 3 MB in all.
  return `{\n"Version": "2012-10-17",\n"Statement": [\n${list.map((st) => JSON.stringify(st)).join(',\n')}\n]\n}\n`;
}

/**
 * A pretty-printed identity policy of exactly `size` characters as IAM counts them (whitespace outside strings left out):
 * IAM's quotas are 6,144 for a managed policy and 10,240 for a role's inline policies
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
 */
function policyOfSize(size: number, shape: 'mixed' | 'typed' = 'mixed'): string {
  const mixed = (i: number, pad = '') => ({
    Sid: `Stmt${i}${pad}`,
    Effect: 'Allow',
    Action: [actions[i % actions.length], actions[(i + 3) % actions.length], actions[(i + 7) % actions.length]],
    Resource: [`arn:aws:s3:::backup-bucket-${i}/*`],
    Condition: { StringLike: { 'aws:ResourceTag/_GX_BACKUP_': '*' } },
  });
  // One service per statement, ARNs of its resource types and its own condition keys: what the checks of each key
  // against the actions, of each value against its type and of each ARN against the resource types all read.
  const typedRows = [
    {
      Action: ['s3:GetObject', 's3:ListBucket', 's3:PutObject'],
      Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
      Condition: { StringEquals: { 's3:x-amz-acl': 'private' }, Bool: { 'aws:SecureTransport': 'true' } },
    },
    {
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: 'arn:aws:kms:us-east-1:111122223333:key/abc',
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    },
    {
      Action: ['ec2:RunInstances', 'ec2:Describe*'],
      Resource: ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*::image/*'],
      Condition: { StringEquals: { 'ec2:InstanceType': ['t3.micro'] }, 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['Name'] } },
    },
    { Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/x', Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } },
    {
      Action: 'ec2:TerminateInstances',
      Resource: 'arn:aws:ec2:*:*:instance/*',
      Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' }, IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } },
    },
  ];
  const typed = (i: number, pad = '') => ({ Sid: `Stmt${i}${pad}`, Effect: 'Allow', ...typedRows[i % typedRows.length] });
  const statement = shape === 'typed' ? typed : mixed;
  const render = (list: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: list }, null, 4);
  const list: object[] = [];
  while (policySize(render([...list, statement(list.length)])) <= size) list.push(statement(list.length));
  // Pad the last statement's Sid (letters only, so it stays valid) to land on the exact size.
  const last = list.length - 1;
  list[last] = statement(last, 'X'.repeat(size - policySize(render(list))));
  const text = render(list);
  if (policySize(text) !== size) throw new Error(`policyOfSize: got ${policySize(text)}, wanted ${size}`);
  return text;
}

/** Times `fn` after a full GC, so one run does not pay for the garbage of the one before. */
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function main() {
  const seedFile = path.join(ROOT, 'examples', 'msp', 'policies', 'amazon_restricted_role_permissions.json');
  const seed = fs.readFileSync(seedFile, 'utf8');
  const seedDoc = { uri: seedFile, text: seed };
  const first = time(() => lintPolicy(seedDoc, { catalog, kind: 'identity' }), 1)[0];
  time(() => lintPolicy(seedDoc, { catalog, kind: 'identity' }), 200);
  const seedTimes = time(() => lintPolicy(seedDoc, { catalog, kind: 'identity' }), 1000);
  console.log(`policy seed restricted first run (catalog loads): ${first.toFixed(2)} ms`);
  console.log(`policy seed restricted median: ${median(seedTimes).toFixed(3)} ms (target <= 2)`);

  for (const [label, size, shape] of [
    ['largest managed (6,144)', 6144, 'mixed'],
    ['largest managed (6,144), one service a statement with its keys and ARNs', 6144, 'typed'],
    ['largest inline role (10,240)', 10240, 'mixed'],
  ] as const) {
    const doc = { uri: 'legal-policy.json', text: policyOfSize(size, shape) };
    time(() => lintPolicy(doc, { catalog, kind: 'identity' }), 200);
    const times = time(() => lintPolicy(doc, { catalog, kind: 'identity' }), 1000);
    console.log(
      `policy ${label} median: ${median(times).toFixed(3)} ms (${doc.text.length.toLocaleString('en-US')} chars with whitespace, ${lintPolicy(doc, { catalog, kind: 'identity' }).length} findings)`,
    );
  }

  const big = bigPolicy(10_000);
  const bigDoc = { uri: 'big-policy.json', text: big };
  lintPolicy(bigDoc, { catalog, kind: 'identity' });
  const bigTimes = time(() => lintPolicy(bigDoc, { catalog, kind: 'identity' }), 9, true);
  const ours = median(bigTimes);
  console.log(`policy big size: ${(big.length / 1e6).toFixed(2)} MB`);
  console.log(`policy big statements: 10000`);
  console.log(`policy big findings: ${lintPolicy(bigDoc, { catalog, kind: 'identity' }).length}`);
  console.log(`policy big median: ${ours.toFixed(1)} ms (target <= 250)`);

  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'iam-policy.schema.json'), 'utf8')) as JSONSchema;
  const ls = getLanguageService({});
  ls.configure({ validate: true, schemas: [{ uri: 'file:///iam-policy.schema.json', fileMatch: ['*.json'], schema }] });
  let version = 0;
  // A fresh TextDocument each run, as the JSON language server sees each change: parse + schema validation.
  const validate = async () => {
    const doc = TextDocument.create('file:///big-policy.json', 'json', ++version, big);
    return ls.doValidation(doc, ls.parseJSONDocument(doc), { schemaValidation: 'error', comments: 'error', trailingCommas: 'error' });
  };
  const diags = await validate();
  const theirTimes = await timeAsync(validate, 5);
  const theirs = median(theirTimes);
  console.log(`policy big vscode-json-languageservice (schema) median: ${theirs.toFixed(1)} ms (${diags.length} diagnostics)`);
  console.log(`policy big ratio ours/json-languageservice: ${(ours / theirs).toFixed(2)} x`);
}

void main();
