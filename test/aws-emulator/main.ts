// Starts the emulator by hand: `node --import tsx test/aws-emulator/main.ts [--port N] [--accounts FILE] [--latency MS]`.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from './emulator';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string' },
        accounts: { type: 'string' },
        latency: { type: 'string' },
        'permissions-as': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\nRun with --help for the options.`);
    return 2;
  }
  if (args.help) {
    console.log(
      'Usage: node --import tsx test/aws-emulator/main.ts [--port N] [--accounts FILE] [--latency MS] [--permissions-as managed|inline]\n' +
        "Starts the local STS/IAM emulator on 127.0.0.1. With --accounts, seeds the accounts file's principals and roles and\n" +
        'writes a temporary AWS config/credentials pair pointing at it (deleted on exit).',
    );
    return 0;
  }
  const port = args.port === undefined ? 0 : Number(args.port);
  const latencyMs = args.latency === undefined ? 0 : Number(args.latency);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number (0-65535), got '${args.port}'.`);
    return 2;
  }
  if (!Number.isFinite(latencyMs) || latencyMs < 0) {
    console.error(`--latency must be a number of milliseconds, got '${args.latency}'.`);
    return 2;
  }
  const permissionsAs = args['permissions-as'];
  if (permissionsAs !== undefined && permissionsAs !== 'managed' && permissionsAs !== 'inline') {
    console.error(`--permissions-as must be 'managed' or 'inline', got '${permissionsAs}'.`);
    return 2;
  }
  const emu = await startEmulator({ port, latencyMs });
  console.log(`AWS STS/IAM emulator listening on ${emu.url}`);
  let tmp: string | undefined;
  if (args.accounts) {
    try {
      const seeded = await emu.seedFromAccounts(path.resolve(args.accounts), { permissionsAs });
      tmp = await mkdtemp(path.join(os.tmpdir(), 'aws-emulator-'));
      const files = await seeded.writeAwsFiles(tmp);
      console.log(`\nProfiles (credentials in ${files.credentialsFile}, removed on exit):`);
      for (const p of seeded.profiles) console.log(`  ${p.name.padEnd(24)} ${p.kind.padEnd(13)} ${p.credentials.arn}`);
      console.log('\nUse them with:');
      for (const [k, v] of Object.entries(files.env)) console.log(`  export ${k}=${v}`);
      console.log(`\n${seeded.configFileText()}`);
    } catch (e) {
      console.error((e as Error).message);
      await emu.close();
      return 1;
    }
  }
  console.log('Press Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emu.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
  return 0;
}

main().then((code) => process.exit(code));
