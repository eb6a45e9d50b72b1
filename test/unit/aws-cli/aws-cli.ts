// Runs the real AWS CLI v2 (botocore) against the emulator: finds the binary, isolates its config and home, and routes its own AWS-host calls to the emulator.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { TLSSocket } from 'node:tls';
import type { Emulator } from '../../aws-emulator';

/** Fields that hold a policy document: URL-encoded JSON text in the API (and the SDK's types), which the CLI decodes and parses. */
type DocumentField = 'AssumeRolePolicyDocument' | 'Document' | 'PolicyDocument';

/** A value of an SDK output shape as the CLI prints it: dates as ISO 8601 text, documents as parsed JSON, every field the test reads present. */
type PrintedValue<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? PrintedValue<U>[]
    : T extends object
      ? { [K in keyof T]-?: K extends DocumentField ? unknown : PrintedValue<NonNullable<T[K]>> }
      : T;

/**
 * An AWS SDK v3 output shape (`GetRoleResponse`, …: the API reference's response elements) as `aws … --output json`
 * prints it, with the CLI's own `NextToken` on a paginated command cut short by `--max-items`.
 */
export type Printed<T> = PrintedValue<T> & { NextToken?: string };

/**
 * The AWS CLI v2 to test with: `CAB_AWS_CLI` if set, else the first `aws` on PATH that is v2 (Debian's is
 * /usr/bin/aws). A v1 `aws` (pip's) does not count: it has no `configure export-credentials` and no sso-session.
 */
export function findAwsCliV2(): { path: string; version: string } | undefined {
  const candidates = [process.env.CAB_AWS_CLI, ...(process.env.PATH ?? '').split(path.delimiter).map((d) => d && path.join(d, 'aws'))];
  for (const c of candidates) {
    if (!c) continue;
    try {
      const out = execFileSync(c, ['--version'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 30_000,
        env: { PATH: process.env.PATH, HOME: os.tmpdir() },
      });
      if (/^aws-cli\/2\./.test(out)) return { path: c, version: out.trim().split(/\s+/)[0]! };
    } catch {
      // Not there or not runnable: try the next.
    }
  }
  return undefined;
}

let found: { path: string; version: string } | undefined | null = null;
function awsCli() {
  if (found === null) found = findAwsCliV2();
  return found;
}

/**
 * For a suite's `before`: skips it when the AWS CLI is missing on a developer's machine, and fails under CI,
 * where `.ci/run` installs it (test/setup/install-awscli.sh) and a skip would hide a broken install.
 */
export function requireAwsCli(ctx: Mocha.Context): string {
  const cli = awsCli();
  if (cli) return cli.path;
  const message = 'The AWS CLI v2 is not installed: run `bash test/setup/install-awscli.sh` (Debian: apt-get install awscli).';
  if (process.env.CI) throw new Error(`${message} CI must run these tests.`);
  console.warn(`      (skipped: ${message})`);
  return ctx.skip();
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A sandbox for the AWS CLI: its own HOME (so no real ~/.aws is read), config and credentials files, no
 * instance metadata, no pager, and an HTTPS proxy that answers for AWS hosts with the emulator.
 */
export class CliSandbox {
  private constructor(
    readonly cli: string,
    readonly dir: string,
    readonly emu: Emulator,
    private readonly proxy: AwsHostsProxy,
  ) {}

  static async create(cli: string, emu: Emulator): Promise<CliSandbox> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'aws-cli-test-'));
    const proxy = await AwsHostsProxy.start(emu, dir);
    return new CliSandbox(cli, dir, emu, proxy);
  }

  get home(): string {
    return path.join(this.dir, 'home');
  }
  get configFile(): string {
    return path.join(this.dir, 'config');
  }
  get credentialsFile(): string {
    return path.join(this.dir, 'credentials');
  }
  /** AWS hosts the CLI reached through the proxy (its own STS / SSO portal calls). */
  get proxiedHosts(): string[] {
    return [...this.proxy.hosts];
  }

  async writeFiles(config: string, credentials = ''): Promise<void> {
    await writeFile(this.configFile, config);
    await writeFile(this.credentialsFile, credentials, { mode: 0o600 });
  }

  /** The environment every CLI run gets (plus `extra`): nothing from the machine's own AWS settings. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: this.home,
      LANG: 'C.UTF-8',
      AWS_CONFIG_FILE: this.configFile,
      AWS_SHARED_CREDENTIALS_FILE: this.credentialsFile,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
      // The CLI's own calls to AWS hosts (role_arn, SSO) cannot be pointed elsewhere in CLI 2.9: they go through
      // this proxy to the emulator, trusted through a CA bundle made for the test.
      HTTPS_PROXY: this.proxy.url,
      https_proxy: this.proxy.url,
      NO_PROXY: '127.0.0.1,localhost',
      no_proxy: '127.0.0.1,localhost',
      AWS_CA_BUNDLE: this.proxy.caFile,
      ...extra,
    };
  }

  /** Runs `aws …`; never rejects (the caller checks `code`). Output stays in memory: it may hold secrets. */
  run(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
    return new Promise((resolve) => {
      execFile(this.cli, args, { env: this.env(extraEnv), encoding: 'utf8', timeout: 60_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** Runs `aws --endpoint-url <emulator> … --output json` and parses the answer; fails with the CLI's stderr. */
  async json<T = Record<string, unknown>>(args: string[], extraEnv: Record<string, string> = {}): Promise<T> {
    const r = await this.run(['--endpoint-url', this.emu.url, '--output', 'json', ...args], extraEnv);
    if (r.code !== 0) throw new Error(`aws ${args.slice(0, 2).join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
    return (r.stdout.trim() ? JSON.parse(r.stdout) : {}) as T;
  }

  /** Runs a command that must fail; returns botocore's error line. */
  async error(args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
    const r = await this.run(['--endpoint-url', this.emu.url, '--output', 'json', ...args], extraEnv);
    if (r.code === 0) throw new Error(`aws ${args.slice(0, 2).join(' ')} succeeded; expected an error.`);
    return r.stderr.trim();
  }

  async close(): Promise<void> {
    await this.proxy.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * An HTTP CONNECT proxy on 127.0.0.1 that terminates TLS for `*.amazonaws.com` with a throw-away certificate
 * (made with openssl for this run) and forwards the plain requests to the emulator. Any other host is refused,
 * so nothing the CLI sends can leave the machine.
 */
class AwsHostsProxy {
  readonly hosts: string[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly caFile: string,
  ) {}

  get url(): string {
    const a = this.server.address();
    return `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  }

  static async start(emu: Emulator, dir: string): Promise<AwsHostsProxy> {
    const certFile = path.join(dir, 'proxy-cert.pem');
    const keyFile = path.join(dir, 'proxy-key.pem');
    const names = ['sts.amazonaws.com', 'iam.amazonaws.com'];
    for (const region of ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1'])
      names.push(`*.${region}.amazonaws.com`, `*.sso.${region}.amazonaws.com`);
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=aws-emulator test proxy',
        '-addext',
        `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`,
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(certFile);
    const key = readFileSync(keyFile);
    const server = createServer((_req, res) => {
      res.writeHead(405).end();
    });
    const proxy = new AwsHostsProxy(server, certFile);
    server.on('connect', (req, socket: Socket, head: Buffer) => {
      proxy.sockets.add(socket);
      socket.on('close', () => proxy.sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      const [host, port] = String(req.url).split(':');
      if (!host || !/^[a-z0-9.-]+\.amazonaws\.com$/.test(host) || port !== '443') {
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      proxy.hosts.push(host);
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) socket.unshift(head);
      const tls = new TLSSocket(socket, { isServer: true, cert, key });
      const upstream = connect(emu.port, '127.0.0.1');
      tls.on('error', () => upstream.destroy());
      upstream.on('error', () => tls.destroy());
      tls.pipe(upstream).pipe(tls);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }
}
