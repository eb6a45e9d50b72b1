// Test fixture: a temporary copy of the example workspace, an emulator seeded from it, and AWS files that reach it.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type Emulator, type SeedOptions, type SeededWorld } from '../../aws-emulator';
import type { AccountsInput } from '../../../src/core/aws/assume-role-test';
import { AwsSession } from '../../../src/core/aws/session';
import { createAwsRuntime } from '../../../src/core/aws/sdk';
import type { AwsRuntimeOptions, Logger } from '../../../src/core/aws/types';
import { loadAccounts } from '../../../src/core/topology/load';
import type { Topology } from '../../../src/core/topology/model';
import { URI } from '../../../src/core/topology/paths';
import { getNodeValue } from 'jsonc-parser';

export const EXAMPLE = path.resolve(__dirname, '../../../examples/msp');

export interface Fixture {
  emu: Emulator;
  dir: string;
  accountsFile: string;
  world: SeededWorld;
  configFile: string;
  credentialsFile: string;
  /** Environment for the CLI: only the file locations, no endpoint (profiles carry endpoint_url). */
  env: Record<string, string>;
  accounts(): Promise<AccountsInput>;
  session(opts?: {
    runtime?: AwsRuntimeOptions;
    settings?: ConstructorParameters<typeof AwsSession>[0]['settings'];
    env?: Record<string, string | undefined>;
    logger?: Logger;
  }): AwsSession;
  /** Rewrites the accounts file copy (JSON only) before seeding or between tests. */
  editAccounts(edit: (json: Topology) => void): Promise<void>;
  appendConfig(text: string): Promise<void>;
  close(): Promise<void>;
}

export async function makeFixture(opts: { seed?: SeedOptions; edit?: (json: Topology) => void; latencyMs?: number } = {}): Promise<Fixture> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cab-aws-'));
  await fs.cp(EXAMPLE, dir, { recursive: true });
  const accountsFile = path.join(dir, 'cross-account-backup.json');
  const editAccounts = async (edit: (json: Topology) => void) => {
    const root = loadAccounts({ uri: URI.file(accountsFile), text: await fs.readFile(accountsFile, 'utf8') }).root;
    const value = (root ? getNodeValue(root) : {}) as Topology;
    edit(value);
    await fs.writeFile(accountsFile, JSON.stringify(value, null, 2));
  };
  if (opts.edit) await editAccounts(opts.edit);
  const emu = await startEmulator({ latencyMs: opts.latencyMs });
  const world = await emu.seedFromAccounts(accountsFile, opts.seed);
  const files = await world.writeAwsFiles(path.join(dir, '.aws'));
  const fixture: Fixture = {
    emu,
    dir,
    accountsFile,
    world,
    configFile: files.configFile,
    credentialsFile: files.credentialsFile,
    env: { AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile },
    async accounts() {
      const text = await fs.readFile(accountsFile, 'utf8');
      return { topology: loadAccounts({ uri: URI.file(accountsFile), text }).topology, readFile: (rel) => fs.readFile(path.resolve(dir, rel), 'utf8') };
    },
    session(o = {}) {
      const runtime = createAwsRuntime({
        configFile: files.configFile,
        credentialsFile: files.credentialsFile,
        maxAttempts: 1,
        requestTimeoutMs: 5000,
        ...o.runtime,
      });
      return new AwsSession({ runtime, settings: o.settings ?? {}, env: o.env ?? {}, logger: o.logger });
    },
    editAccounts,
    appendConfig: (text) => fs.appendFile(files.configFile, `\n${text}\n`),
    async close() {
      await emu.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}

/**
 * An accounts-file edit that replaces the tenants with `count` copies of the first one, each in its own account
 * (`firstAccountId`, then the next ones) and named `<prefix><i>`, with no profile and no ExternalId of its own.
 */
export function manyTenants(count: number, { firstAccountId, prefix }: { firstAccountId: number; prefix: string }): (j: Topology) => void {
  return (j) => {
    const base = j.tenants[0];
    j.tenants = Array.from({ length: count }, (_, i) => {
      const id = String(firstAccountId + i);
      return {
        ...base,
        name: `${prefix}${i}`,
        accountId: id,
        profile: undefined,
        hypervisor: { ...base.hypervisor, roleArn: `arn:aws:iam::${id}:role/vsa-role`, externalId: undefined },
        policies: { permissions: base.policies?.permissions },
      };
    });
  };
}

/** Fails with the offending text when any secret the emulator issued appears in `texts`. */
export function assertNoSecrets(emu: Emulator, ...texts: string[]): void {
  const all = texts.join('\n');
  for (const secret of emu.seenSecrets()) {
    if (all.includes(secret)) throw new Error(`A secret the emulator issued appears in the output: …${secret.slice(0, 6)}…`);
  }
}

export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m), debug: (m) => lines.push(m) };
}
