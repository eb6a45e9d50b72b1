// Benchmark: `evaluate` over an accounts file of 10,000 tenants (each with its own trust policy, a mix of ExternalId,
// PrincipalArn and SourceIp conditions), target ≤ 2 s; against, on the same inputs, the plain JSON parse of every
// file and iam-simulate (the differential suite's oracle, a devDependency) deciding the same 10,000 requests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { readLocalFile } from '../src/cli/local-files';
import { accountsInput } from '../src/core/topology/inputs';
import { loadAccounts } from '../src/core/topology/load';
import { URI } from '../src/core/topology/paths';
import { evaluateTenants } from '../src/core/trust/tenants';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const TENANTS = 10_000;
const NOW = new Date('2026-11-22T10:00:00Z');
const ADMIN_ROLE = 'arn:aws:iam::111111111111:role/vsa-assume-role';

const files = new Map<string, string>();
files.set(
  'id.json',
  JSON.stringify(
    { Version: '2012-10-17', Statement: [{ Sid: 'AssumeTenants', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/vsa-*' }] },
    null,
    2,
  ),
);
const tenants = [];
for (let i = 0; i < TENANTS; i++) {
  const account = String(200000000000 + i);
  const conditions = [
    { StringEquals: { 'sts:ExternalId': `ext-${i}` } },
    { StringEquals: { 'sts:ExternalId': `ext-${i}` }, ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/vsa-*' } },
    { StringEquals: { 'sts:ExternalId': `ext-${i}` }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    { StringEquals: { 'sts:ExternalId': `wrong-${i}` } },
  ][i % 4];
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'TrustMsp', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', Condition: conditions }],
  };
  files.set(`trust/${i}.json`, JSON.stringify(trust, null, 2));
  tenants.push({
    name: `t${i}`,
    accountId: account,
    admin: 'msp',
    hypervisor: { name: `h${i}`, authentication: 'stsAssumeRole', roleArn: `arn:aws:iam::${account}:role/vsa-role`, externalId: `ext-${i}` },
    policies: { trust: `trust/${i}.json` },
  });
}
const accountsText = JSON.stringify({
  admins: [
    {
      name: 'msp',
      accountId: '111111111111',
      hypervisor: { name: 'msp', authentication: 'iamRole', roleArn: ADMIN_ROLE, accessNodes: [{ name: 'an', instanceId: 'i-0d6a2d710af044a19' }] },
      policies: { permissions: ['id.json'] },
    },
  ],
  tenants,
});
const bytes = accountsText.length + [...files.values()].reduce((n, t) => n + t.length, 0);

let loadMs = 0;
async function ours(): Promise<Record<string, number>> {
  const t = performance.now();
  const loaded = loadAccounts({ uri: URI.file('/bench/cross-account-backup.json'), text: accountsText });
  loadMs = performance.now() - t;
  const results = await evaluateTenants({ topology: loaded.topology, readFile: async (p) => files.get(p) }, { now: NOW });
  const tally: Record<string, number> = {};
  for (const r of results) tally[r.decision] = (tally[r.decision] ?? 0) + 1;
  return tally;
}

/** The same files written to a temporary folder and read back as the CLI does (`evaluate --accounts`). */
const diskDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cab-bench-'));
fs.writeFileSync(path.join(diskDir, 'cross-account-backup.json'), accountsText);
for (const [rel, text] of files) {
  fs.mkdirSync(path.dirname(path.join(diskDir, rel)), { recursive: true });
  fs.writeFileSync(path.join(diskDir, rel), text);
}
async function fromDisk(): Promise<number> {
  const file = path.join(diskDir, 'cross-account-backup.json');
  const loaded = loadAccounts({ uri: URI.file(file), text: fs.readFileSync(file, 'utf8') });
  const results = await evaluateTenants(accountsInput(loaded, readLocalFile), { now: NOW });
  return results.filter((r) => r.decision === 'allowed').length;
}

function parseOnly(): number {
  let n = JSON.parse(accountsText).tenants.length;
  for (const t of files.values()) n += JSON.parse(t).Statement.length;
  return n;
}

async function oracle(): Promise<number> {
  const identity = JSON.parse(files.get('id.json')!);
  let allowed = 0;
  for (let i = 0; i < TENANTS; i++) {
    const account = String(200000000000 + i);
    const r = await runSimulation(
      {
        request: {
          principal: 'arn:aws:sts::111111111111:assumed-role/vsa-assume-role/i-0d6a2d710af044a19',
          action: 'sts:AssumeRole',
          resource: { resource: `arn:aws:iam::${account}:role/vsa-role`, accountId: account },
          contextVariables: { 'sts:ExternalId': `ext-${i}`, 'aws:PrincipalArn': ADMIN_ROLE, 'aws:SourceIp': '203.0.113.7' },
        },
        identityPolicies: [{ name: 'id.json', policy: identity }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: JSON.parse(files.get(`trust/${i}.json`)!),
      },
      { simulationMode: 'Strict' },
    );
    if (r.resultType === 'single' && r.overallResult === 'Allowed') allowed++;
  }
  return allowed;
}

/** Wall and CPU milliseconds: on a shared machine the CPU time is the steadier figure. */
async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; cpu: number; out: T }> {
  gc();
  const t = performance.now();
  const c = process.cpuUsage();
  const out = await fn();
  const used = process.cpuUsage(c);
  return { ms: performance.now() - t, cpu: (used.user + used.system) / 1000, out };
}

/** The best of `runs` (on a machine shared with other work the minimum is the figure that repeats). */
async function best<T>(fn: () => T | Promise<T>, runs: number): Promise<{ ms: number; cpu: number; out: T; load: number }> {
  let out: { ms: number; cpu: number; out: T; load: number } | undefined;
  for (let i = 0; i < runs; i++) {
    const r = await timed(fn);
    if (!out || r.cpu < out.cpu) out = { ...r, load: loadMs };
  }
  return out!;
}

(async () => {
  await ours(); // warm-up: JIT and module caches, as a long-running extension host has them
  const a = await best(ours, 3);
  const p = await best(parseOnly, 3);
  const d = await best(fromDisk, 3);
  fs.rmSync(diskDir, { recursive: true, force: true });
  const o = await timed(oracle);
  const mb = (bytes / 1e6).toFixed(1);
  console.log(
    `trust evaluate, ${TENANTS.toLocaleString('en')} tenants (${mb} MB of accounts file and policies), best of 3: ${a.ms.toFixed(0)} ms wall, ${a.cpu.toFixed(0)} ms CPU ` +
      `(target ≤ 2,000 ms; loading the accounts file ${a.load.toFixed(0)} ms of it) ${JSON.stringify(a.out)}`,
  );
  console.log(`  the same read from disk as the CLI does: ${d.ms.toFixed(0)} ms wall, ${d.cpu.toFixed(0)} ms CPU`);
  console.log(
    `  peer: plain JSON.parse of the same ${files.size + 1} files: ${p.ms.toFixed(0)} ms wall, ${p.cpu.toFixed(0)} ms CPU (evaluate is ${(a.cpu / p.cpu).toFixed(1)}× that)`,
  );
  console.log(
    `  peer: iam-simulate deciding the same ${TENANTS.toLocaleString('en')} requests (context given, no explanations): ${o.ms.toFixed(0)} ms wall, ${o.cpu.toFixed(0)} ms CPU, ${o.out} allowed (evaluate takes ${((100 * a.cpu) / o.cpu).toFixed(0)}% of its CPU time)`,
  );
  if (a.cpu > 2000) process.exitCode = 1;
})();
