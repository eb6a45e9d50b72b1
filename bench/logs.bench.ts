// Access-node log benchmark: the `logs` CLI end to end against `grep -c -E` with the marker regex, MB/s, peak RSS at 200 MB and 1 GB, the viewer's first screen on 1 GB.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LogIndex } from '../src/core/logs/log-index';
import { MARKER_RE } from '../src/core/logs/markers';

const MB = 1024 * 1024;
const root = path.join(__dirname, '..');
const cli = path.join(root, 'dist/cli.js');
/** LOGS_BENCH_BASELINE names the dist/cli.js of another build (say, of an older commit), timed in the same runs. */
const baseline = process.env.LOGS_BENCH_BASELINE && path.resolve(process.env.LOGS_BENCH_BASELINE);

/** A log shaped like vsbkp.log: mostly backup chatter, an AssumeRole story every few hundred lines, some failures. */
function generate(file: string, bytes: number): void {
  const fd = fs.openSync(file, 'w');
  const noise = [
    'CVSAmazonBackup::BackupVM() - Creating snapshot of volume [vol-0a1b2c3d4e5f60718] for instance [i-0f1e2d3c4b5a69788]',
    'VSBkpCoordinator::ProcessVMs() - Details of available proxies: count [3], email notification pending',
    'CAmazonInfo::GetInstanceInfo() - Instance [i-0f1e2d3c4b5a69788] is in region [us-east-1] availability zone [us-east-1a]',
    'ArchiveFileHelper::writeChunk() - Wrote chunk of size [67108864] bytes to library path, retry count [0]',
    'CVSAmazonInfo::ListVolumes() - Found [4] volumes attached to instance [i-0f1e2d3c4b5a69788]',
    'CvProcessHandler::Heartbeat() - Job is running, phase [Backup], transferred [1288490188] bytes',
    'VSBkpWorker::ReadBlocks() - ListChangedBlocks returned [512] blocks for snapshot [snap-0123456789abcdef0]',
  ];
  let out = '';
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const job = 48000 + Math.floor(i / 500);
    const tenant = job % 2 ? '222222222222' : '333333333333';
    const k = i % 500;
    let msg = noise[(i * 7) % noise.length];
    if (k === 3) msg = `CAmazonInfo::Connect() - Connecting to Url=[default], username[arn:aws:iam::${tenant}:role/vsa-role]`;
    else if (k === 4) msg = `AmazonConnection::ValidateCredentials() - Assume role [arn:aws:iam::${tenant}:role/vsa-role]`;
    else if (k === 5)
      msg =
        job % 7 === 0
          ? `AmazonConnection::ValidateCredentials() - Failed to assume role. Error [AccessDenied] User: arn:aws:sts::111111111111:assumed-role/vsa-assume-role/i-0d6a2d710af044a19 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${tenant}:role/vsa-role`
          : `AmazonConnection::ValidateCredentials() - Successfully validated credentials for [arn:aws:iam::${tenant}:role/vsa-role], expiration [2026-11-20T03:00:03Z]`;
    const tid = (0x7f3c + (job % 16)).toString(16);
    out += `4312  ${tid}   11/20 02:${String(Math.floor(k / 10) % 60).padStart(2, '0')}:${String(k % 60).padStart(2, '0')} ${job} ${msg}\r\n`;
    if (out.length > 4 * MB) {
      fs.writeSync(fd, out);
      written += out.length;
      out = '';
    }
  }
  fs.writeSync(fd, out);
  fs.closeSync(fd);
}

/** Child mode: one measurement in a fresh process, so its peak RSS is its own. */
async function child(mode: string, file: string): Promise<void> {
  const started = performance.now();
  if (mode === 'viewer') {
    // Time to first screen: the index has its first chunk and 60 lines are read back (what the viewer shows first).
    const handle = await fs.promises.open(file, 'r');
    const source = {
      read: async (offset: number, length: number) => {
        const buf = Buffer.allocUnsafe(length);
        const { bytesRead } = await handle.read(buf, 0, length, offset);
        return buf.subarray(0, bytesRead);
      },
    };
    const index = new LogIndex();
    let firstScreen = 0;
    for await (const chunk of fs.createReadStream(file, { highWaterMark: MB })) {
      index.append(chunk as Buffer);
      if (!firstScreen) {
        const lines = await index.readLines(source, 1, 60);
        if (lines.length === 60) firstScreen = performance.now() - started;
      }
    }
    index.finish();
    const full = performance.now() - started;
    const t = performance.now();
    const middle = await index.readLines(source, Math.floor(index.lineCount / 2), 60);
    const seek = performance.now() - t;
    await handle.close();
    process.stdout.write(
      JSON.stringify({
        firstScreen,
        full,
        seek,
        seekLines: middle.length,
        lines: index.lineCount,
        checkpoints: index.checkpoints,
        rss: process.resourceUsage().maxRSS * 1024,
      }),
    );
  }
}

function runChild(mode: string, file: string): Record<string, number> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, 'child', mode, file], { encoding: 'utf8', maxBuffer: 16 * MB });
  if (r.status !== 0) throw new Error(`child ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * Runs a command and reads its whole output through a pipe (GNU grep stops at the first match
 * when its output is /dev/null). Wall time from spawn to exit; `lines` counts output lines.
 */
function timed(command: string, args: string[]): Promise<{ ms: number; lines: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const p = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let out = '';
    let err = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (s: string) => {
      for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) lines++;
      if (out.length < 4096) out += s;
    });
    p.stderr.on('data', (b: Buffer) => (err += b.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      // 1 is an answer, not a failure: `logs` found credential failures (its exit codes follow ESLint's), grep found no line.
      if (code !== 0 && code !== 1) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${err}`));
      else resolve({ ms: performance.now() - started, lines, out, err });
    });
  });
}

/** `grep -c -E` with the regex the parser gates lines with (case-sensitive: the faster grep). */
const grepMarkers = (file: string) => timed('grep', ['-c', '-E', MARKER_RE.source, file]);
/** The two function markers only: grep's fastest case (a pair of fixed strings). */
const grepTwo = (file: string) => timed('grep', ['-c', '-E', 'CAmazonInfo::Connect|ValidateCredentials', file]);

/** The CLI end to end, its peak RSS reported by a preloaded probe at exit. */
async function runCli(file: string, probe: string, bundle = cli): Promise<{ ms: number; events: number; rss: number }> {
  const r = await timed(process.execPath, ['--require', probe, bundle, 'logs', file]);
  const rss = Number(/peak-rss=(\d+)/.exec(r.err)?.[1] ?? NaN);
  return { ms: r.ms, events: r.lines, rss };
}

const best = <T extends { ms: number }>(runs: T[]) => runs.reduce((a, b) => (b.ms < a.ms ? b : a));
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const mbps = (bytes: number, ms: number) => `${(bytes / MB / (ms / 1000)).toFixed(0)} MB/s`;

async function main(): Promise<void> {
  const [, , mode, sub, file] = process.argv;
  if (mode === 'child') return child(sub, file);
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `node esbuild.mjs` first (`npm run bench` does).');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cab-logs-bench-'));
  try {
    const probe = path.join(dir, 'rss-probe.cjs');
    fs.writeFileSync(probe, "process.on('exit', () => process.stderr.write(`peak-rss=${process.resourceUsage().maxRSS * 1024}\\n`));\n");
    const small = path.join(dir, 'vsbkp-200mb.log');
    generate(small, 200 * MB);
    const size = fs.statSync(small).size;
    // Warm the page cache so every tool reads from memory, then take the best of five each, interleaved.
    await grepMarkers(small);
    const markers = [];
    const two = [];
    const ours = [];
    const theirs = [];
    for (let i = 0; i < 5; i++) {
      markers.push(await grepMarkers(small));
      two.push(await grepTwo(small));
      ours.push(await runCli(small, probe));
      if (baseline) theirs.push(await runCli(small, probe, baseline));
    }
    const grep = best(markers);
    const grep2 = best(two);
    const run = best(ours);
    console.log(`logs.cli.200mb.events: ${run.events} events`);
    console.log(`logs.grep-markers.200mb.matches: ${grep.out.trim()} lines`);
    console.log(`logs.cli.200mb.time: ${fmt(run.ms)} (${mbps(size, run.ms)}, node start-up included)`);
    console.log(`logs.grep-markers.200mb.time: ${fmt(grep.ms)} (${mbps(size, grep.ms)})`);
    console.log(`logs.grep-two.200mb.time: ${fmt(grep2.ms)} (${mbps(size, grep2.ms)})`);
    console.log(`logs.cli.vs-grep-markers: ${(run.ms / grep.ms).toFixed(2)} x (goal <= 3)`);
    console.log(`logs.cli.vs-grep-two: ${(run.ms / grep2.ms).toFixed(2)} x`);
    console.log(`logs.cli.200mb.peak-rss: ${(run.rss / MB).toFixed(0)} MB`);
    const base = baseline ? best(theirs) : undefined;
    if (base) {
      console.log(`logs.baseline.200mb.events: ${base.events} events`);
      console.log(`logs.baseline.200mb.time: ${fmt(base.ms)} (${mbps(size, base.ms)})`);
      console.log(`logs.baseline.vs-grep-markers: ${(base.ms / grep.ms).toFixed(2)} x`);
      console.log(`logs.baseline.vs-grep-two: ${(base.ms / grep2.ms).toFixed(2)} x`);
      console.log(`logs.baseline.200mb.peak-rss: ${(base.rss / MB).toFixed(0)} MB`);
    }
    fs.rmSync(small);

    const big = path.join(dir, 'vsbkp-1gb.log');
    generate(big, 1024 * MB);
    const bigSize = fs.statSync(big).size;
    const runBig = await runCli(big, probe);
    console.log(`logs.cli.1gb.time: ${fmt(runBig.ms)} (${mbps(bigSize, runBig.ms)})`);
    console.log(`logs.cli.1gb.peak-rss: ${(runBig.rss / MB).toFixed(0)} MB`);
    console.log(`logs.cli.peak-rss-growth-200mb-to-1gb: ${((runBig.rss - run.rss) / MB).toFixed(0)} MB`);
    if (baseline && base) {
      const baseBig = await runCli(big, probe, baseline);
      console.log(`logs.baseline.1gb.time: ${fmt(baseBig.ms)} (${mbps(bigSize, baseBig.ms)})`);
      console.log(`logs.baseline.1gb.peak-rss: ${(baseBig.rss / MB).toFixed(0)} MB (growth ${((baseBig.rss - base.rss) / MB).toFixed(0)} MB)`);
    }
    const viewer = runChild('viewer', big);
    console.log(`logs.viewer.1gb.first-screen: ${fmt(viewer.firstScreen)}`);
    console.log(`logs.viewer.1gb.full-index: ${fmt(viewer.full)}`);
    console.log(`logs.viewer.1gb.seek-middle-60-lines: ${viewer.seek.toFixed(1)} ms`);
    console.log(`logs.viewer.1gb.checkpoints: ${viewer.checkpoints} checkpoints`);
    console.log(`logs.viewer.1gb.peak-rss: ${(viewer.rss / MB).toFixed(0)} MB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
