// Evaluating the tenants of an accounts file (the example workspace and broken variants of it), and `cross-account-backup evaluate`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '../cli-run';
import { evaluateCommand } from '../../../src/cli/evaluate';
import { loadAccounts } from '../../../src/core/topology/load';
import type { Topology } from '../../../src/core/topology/model';
import { URI } from '../../../src/core/topology/paths';
import { decisionLabel, summaryLine } from '../../../src/core/trust/report';
import { evaluateTenants } from '../../../src/core/trust/tenants';

const ROOT = path.resolve(__dirname, '../../..');
const EXAMPLE_DIR = path.join(ROOT, 'examples/msp');
const NOW = new Date('2026-11-22T10:00:00Z');

/** A private copy of the example workspace that a test may break. */
function copyExample(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cab-trust-'));
  fs.cpSync(EXAMPLE_DIR, dir, { recursive: true });
  return dir;
}

/** Rewrites a JSON file of the copy (comments dropped) through `edit`, which sees it as `T`. */
function editJson<T>(file: string, edit: (v: T) => void): void {
  const v = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, ''));
  edit(v);
  fs.writeFileSync(file, JSON.stringify(v, null, 2));
}

async function evaluateDir(dir: string) {
  const file = path.join(dir, 'cross-account-backup.json');
  const loaded = loadAccounts({ uri: URI.file(file), text: fs.readFileSync(file, 'utf8') });
  return evaluateTenants(
    { topology: loaded.topology, readFile: async (rel) => (fs.existsSync(path.join(dir, rel)) ? fs.readFileSync(path.join(dir, rel), 'utf8') : undefined) },
    { now: NOW },
  );
}

const cli = (args: string[], cwd: string) => runCommand(evaluateCommand, args, cwd);

describe('trust evaluation of an accounts file', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = copyExample();
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('allows both tenants of the example workspace, naming the trust and identity statements', async () => {
    const results = await evaluateDir(EXAMPLE_DIR);
    assert.deepEqual(
      results.map((r) => [r.tenant, r.decision]),
      [
        ['finance', 'allowed'],
        ['hr', 'allowed'],
      ],
    );
    const finance = results[0];
    assert.equal(finance.caller, 'arn:aws:sts::111111111111:assumed-role/vsa-assume-role/i-0d6a2d710af044a19');
    assert.equal(finance.roleArn, 'arn:aws:iam::222222222222:role/vsa-role');
    assert.match(finance.reasons[0], /Trust policy statement 1 of policies\/tenants\/finance\/amazon_sts_assumerole_tenant\.json:3 allows sts:AssumeRole/);
    assert.match(finance.reasons[1], /Identity policy statement 1 of policies\/amazon_sts_assumerole\.json:4 allows sts:AssumeRole/);
    assert.deepEqual(finance.files, [
      'policies/tenants/finance/amazon_sts_assumerole_tenant.json',
      'policies/amazon_sts_assumerole.json',
      'policies/amazon_restricted_role_permissions.json',
    ]);
  });

  it('a wrong ExternalId in the accounts file: implicitly denied, with expected and actual values', async () => {
    const dir = fresh();
    editJson<Topology>(path.join(dir, 'cross-account-backup.json'), (v) => (v.tenants[0].hypervisor.externalId = 'msp-finance-OLD'));
    const [finance, hr] = await evaluateDir(dir);
    assert.equal(finance.decision, 'implicitly-denied');
    assert.equal(hr.decision, 'allowed');
    assert.ok(
      finance.reasons.some(
        (r) => r.includes('condition StringEquals sts:ExternalId expected "msp-finance-7f3a", the accounts file') && r.includes('sets "msp-finance-OLD"'),
      ),
      finance.reasons.join('\n'),
    );
  });

  it('a trust policy naming another admin account: implicitly denied, with the trusted principals and the caller', async () => {
    const dir = fresh();
    editJson<{ Statement: { Principal: { AWS: string } } }>(
      path.join(dir, 'policies/tenants/hr/amazon_sts_assumerole_tenant.json'),
      (v) => (v.Statement.Principal.AWS = 'arn:aws:iam::999999999999:root'),
    );
    const [, hr] = await evaluateDir(dir);
    assert.equal(hr.decision, 'implicitly-denied');
    assert.ok(
      hr.reasons.some((r) =>
        r.includes("the trust policy's principals are arn:aws:iam::999999999999:root; the caller is arn:aws:sts::111111111111:assumed-role/vsa-assume-role/"),
      ),
    );
  });

  it('an explicit Deny added to the admin permissions: explicitly denied, naming the statement', async () => {
    const dir = fresh();
    editJson<{ Statement: object[] }>(path.join(dir, 'policies/amazon_sts_assumerole.json'), (v) =>
      v.Statement.push({ Sid: 'NoFinance', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/*' }),
    );
    const [finance, hr] = await evaluateDir(dir);
    assert.equal(finance.decision, 'explicitly-denied');
    assert.equal(hr.decision, 'allowed');
    assert.match(finance.reasons[0], /statement 2 \(Sid "NoFinance"\) of policies\/amazon_sts_assumerole\.json:\d+ denies sts:AssumeRole/);
  });

  it('an access-key admin is evaluated as its IAM user', async () => {
    const dir = fresh();
    editJson<Topology>(path.join(dir, 'cross-account-backup.json'), (v) => {
      v.admins[0].hypervisor.authentication = 'accessKey';
      v.admins[0].hypervisor.userArn = 'arn:aws:iam::111111111111:user/commvault';
    });
    const [finance] = await evaluateDir(dir);
    assert.equal(finance.decision, 'allowed');
    assert.equal(finance.caller, 'arn:aws:iam::111111111111:user/commvault');
  });

  it('missing and malformed policy files, an unknown admin and a missing trust path are reported, not guessed', async () => {
    const dir = fresh();
    fs.rmSync(path.join(dir, 'policies/tenants/finance/amazon_sts_assumerole_tenant.json'));
    fs.writeFileSync(path.join(dir, 'policies/tenants/hr/amazon_sts_assumerole_tenant.json'), '{ "Version": "2012-10-17", ');
    const [finance, hr] = await evaluateDir(dir);
    assert.equal(finance.ioError, true);
    assert.match(finance.reasons[0], /amazon_sts_assumerole_tenant\.json was not found/);
    assert.equal(hr.ioError, true);
    assert.match(hr.reasons[0], /is not valid JSON \(.* at line 1, column \d+\)/);
    editJson<Topology>(path.join(dir, 'cross-account-backup.json'), (v) => {
      v.tenants[0].admin = 'nobody';
      delete v.tenants[1].policies!.trust;
    });
    const [f2, h2] = await evaluateDir(dir);
    assert.equal(f2.configError, true);
    assert.match(f2.reasons[0], /names admin "nobody"/);
    assert.match(h2.reasons[0], /has no policies\.trust/);
  });
});

describe('cli evaluate', () => {
  let dir: string;
  before(() => {
    dir = copyExample();
    editJson<Topology>(path.join(dir, 'cross-account-backup.json'), (v) => (v.tenants[1].hypervisor.externalId = 'wrong'));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "admins": [ }');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints JSON records for the example and exits 0 when every tenant is allowed', async () => {
    const r = await cli(['--accounts', path.join(EXAMPLE_DIR, 'cross-account-backup.json'), '--format', 'json', '--now', '2026-11-22T10:00:00Z'], ROOT);
    assert.equal(r.code, 0, r.err);
    const records = JSON.parse(r.out);
    assert.deepEqual(Object.keys(records[0]), ['tenant', 'roleArn', 'caller', 'decision', 'reasons']);
    assert.deepEqual(
      records.map((x: { decision: string }) => x.decision),
      ['allowed', 'allowed'],
    );
  });

  it('exits 1 when a tenant is denied, and prints readable text by default', async () => {
    const r = await cli(['--accounts', 'cross-account-backup.json'], dir);
    assert.equal(r.code, 1);
    assert.match(r.out, /^finance: ALLOWED$/m);
    assert.match(r.out, /^hr: IMPLICITLY-DENIED$/m);
    assert.match(r.out, /sets "wrong"/);
    assert.match(r.out, /1 of 2 tenant\(s\) allowed\./);
  });

  it('--tenant narrows the evaluation', async () => {
    const r = await cli(['--accounts', 'cross-account-backup.json', '--tenant', 'finance', '--format', 'json'], dir);
    assert.equal(r.code, 0);
    assert.equal(JSON.parse(r.out).length, 1);
  });

  it('exits 2 with a clear message on usage and I/O problems', async () => {
    const missing = await cli(['--accounts', 'nope.json'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /Cannot read the accounts file nope\.json: it does not exist\. Check the --accounts path/);
    const malformed = await cli(['--accounts', 'broken.json'], dir);
    assert.equal(malformed.code, 2);
    assert.match(malformed.err, /broken\.json:1:\d+: JSON syntax error/);
    assert.equal((await cli([], dir)).code, 2);
    assert.equal((await cli(['--accounts', 'cross-account-backup.json', '--format', 'xml'], dir)).code, 2);
    const unknown = await cli(['--accounts', 'cross-account-backup.json', '--tenant', 'payroll'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /No tenant named `payroll`.*tenants: finance, hr/);
  });

  it('exits 2 when a referenced policy file is missing, naming it', async () => {
    const d = copyExample();
    try {
      fs.rmSync(path.join(d, 'policies/amazon_sts_assumerole.json'));
      const r = await cli(['--accounts', 'cross-account-backup.json', '--format', 'json'], d);
      assert.equal(r.code, 2);
      assert.match(r.err, /policies\/amazon_sts_assumerole\.json was not found/);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('reads accounts and policy files that start with a UTF-8 BOM (Windows editors write one)', async () => {
    const d = copyExample();
    try {
      for (const f of ['cross-account-backup.json', 'policies/amazon_sts_assumerole.json', 'policies/tenants/finance/amazon_sts_assumerole_tenant.json']) {
        fs.writeFileSync(path.join(d, f), '\uFEFF' + fs.readFileSync(path.join(d, f), 'utf8'));
      }
      const r = await cli(['--accounts', 'cross-account-backup.json', '--format', 'json'], d);
      assert.equal(r.code, 0, r.err + r.out);
      assert.deepEqual(
        JSON.parse(r.out).map((x: { decision: string }) => x.decision),
        ['allowed', 'allowed'],
      );
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('exits 2 "not an accounts file" for {}, [] or a policy passed by mistake', async () => {
    fs.writeFileSync(path.join(dir, 'empty.json'), '{}');
    fs.writeFileSync(path.join(dir, 'list.json'), '[]');
    for (const [file, what] of [
      ['empty.json', /no admins or tenants/],
      ['list.json', /a JSON array/],
      ['policies/amazon_sts_assumerole.json', /an IAM policy/],
    ] as const) {
      const r = await cli(['--accounts', file], dir);
      assert.equal(r.code, 2, `${file}: ${r.out}`);
      assert.match(r.err, /is not an accounts file/);
      assert.match(r.err, what);
    }
  });

  it('a condition on a key only AWS knows: depends-on in JSON and text, naming the key; requestFacts make it exact', async () => {
    const d = copyExample();
    try {
      const trust = path.join(d, 'policies/tenants/finance/amazon_sts_assumerole_tenant.json');
      editJson<{ Statement: { Sid?: string; Condition: { StringEquals: Record<string, string> } } }>(trust, (v) => {
        v.Statement.Sid = 'TrustMsp';
        v.Statement.Condition.StringEquals['aws:PrincipalOrgID'] = 'o-a1b2c3d4e5';
      });
      const json = await cli(['--accounts', 'cross-account-backup.json', '--tenant', 'finance', '--format', 'json'], d);
      assert.equal(json.code, 1);
      const [rec] = JSON.parse(json.out);
      assert.equal(rec.decision, 'depends-on');
      assert.deepEqual([rec.ifFavourable, rec.ifUnfavourable], ['allowed', 'implicitly-denied']);
      assert.equal(rec.dependsOn[0].key, 'aws:PrincipalOrgID');
      assert.match(rec.dependsOn[0].statement, /statement 1 \(Sid "TrustMsp"\) of policies\/tenants\/finance\/amazon_sts_assumerole_tenant\.json:\d+/);
      assert.match(rec.reasons.join('\n'), /requestFacts\.organizationId/);
      const [finance] = await evaluateDir(d);
      assert.equal(decisionLabel(finance), 'depends on aws:PrincipalOrgID');
      assert.match(
        summaryLine(finance),
        /^offline: depends on aws:PrincipalOrgID \(allowed at best, implicitly-denied at worst\) — Depends on aws:PrincipalOrgID/,
      );
      const text = await cli(['--accounts', 'cross-account-backup.json', '--tenant', 'finance'], d);
      assert.match(text.out, /^finance: DEPENDS-ON aws:PrincipalOrgID$/m);
      editJson<Topology>(path.join(d, 'cross-account-backup.json'), (v) => (v.admins[0].requestFacts = { organizationId: 'o-a1b2c3d4e5' }));
      const exact = await cli(['--accounts', 'cross-account-backup.json', '--tenant', 'finance', '--format', 'json'], d);
      assert.equal(exact.code, 0, exact.out);
      editJson<Topology>(path.join(d, 'cross-account-backup.json'), (v) => (v.admins[0].requestFacts = { organizationId: 'o-zzzzzzzzzz' }));
      assert.equal(
        JSON.parse((await cli(['--accounts', 'cross-account-backup.json', '--tenant', 'finance', '--format', 'json'], d)).out)[0].decision,
        'implicitly-denied',
      );
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('the bundled CLI runs `evaluate` with the same exit codes', async () => {
    // The real build: npm test runs esbuild.mjs first.
    const out = path.join(ROOT, 'dist', 'cli.js');
    const ok = spawnSync(process.execPath, [out, 'evaluate', '--accounts', path.join(EXAMPLE_DIR, 'cross-account-backup.json'), '--format', 'json'], {
      encoding: 'utf8',
    });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout)[1].tenant, 'hr');
    const denied = spawnSync(process.execPath, [out, 'evaluate', '--accounts', 'cross-account-backup.json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(denied.status, 1, denied.stderr);
  });
});

describe('trust evaluator licence boundary', () => {
  it('no source file imports the AGPL @cloud-copilot packages other than the MIT iam-data', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.[cm]?tsx?$/.test(e.name) && /@cloud-copilot\/iam-(simulate|policy|expand|utils)/.test(fs.readFileSync(p, 'utf8')))
          offenders.push(path.relative(ROOT, p));
      }
    };
    walk(path.join(ROOT, 'src'));
    assert.deepEqual(offenders, []);
  });
});
