// Access-node log benchmark: event extraction MB/s and its time against `grep -c`, peak RSS at 200 MB and 1 GB, the viewer's time to first screen on 1 GB.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { LogIndex } from '../src/core/logs/log-index';
import { scanLogStream } from '../src/core/logs/stream';

const dataDir = path.join(__dirname, '.data');
const MB = 1024 * 1024;

/** A log shaped like vsbkp.log: mostly backup chatter, an AssumeRole story every few hundred lines, some failures. */
function generate(file: string, bytes: number): void {
  if (fs.existsSync(file) && fs.statSync(file).size >= bytes) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
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
  if (mode === 'scan') {
    let events = 0;
    const r = await scanLogStream(fs.createReadStream(file, { highWaterMark: MB }), { onEvent: () => events++ });
    const ms = performance.now() - started;
    process.stdout.write(JSON.stringify({ ms, events, lines: r.lines, rss: process.resourceUsage().maxRSS * 1024 }));
  } else {
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
    process.stdout.write(JSON.stringify({ firstScreen, full, seek, seekLines: middle.length, lines: index.lineCount, checkpoints: index.checkpoints, rss: process.resourceUsage().maxRSS * 1024 }));
  }
}

function runChild(mode: string, file: string): Record<string, number> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, 'child', mode, file], { encoding: 'utf8', maxBuffer: 16 * MB });
  if (r.status !== 0) throw new Error(`child ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function grepMs(file: string): { ms: number; count: number } {
  const started = performance.now();
  const r = spawnSync('grep', ['-c', '-E', 'CAmazonInfo::Connect|ValidateCredentials', file], { encoding: 'utf8' });
  return { ms: performance.now() - started, count: Number(r.stdout.trim()) };
}

const best = <T extends { ms: number }>(runs: T[]) => runs.reduce((a, b) => (b.ms < a.ms ? b : a));

async function main(): Promise<void> {
  const [, , mode, sub, file] = process.argv;
  if (mode === 'child') return child(sub, file);

  const small = path.join(dataDir, 'vsbkp-200mb.log');
  generate(small, 200 * MB);
  const size = fs.statSync(small).size;
  // Warm the page cache so both tools read from memory, then take the best of three each, interleaved.
  grepMs(small);
  const greps: { ms: number; count: number }[] = [];
  const scans: Record<string, number>[] = [];
  for (let i = 0; i < 3; i++) {
    greps.push(grepMs(small));
    scans.push(runChild('scan', small));
  }
  const grep = best(greps);
  const scan = best(scans as unknown as { ms: number }[]) as unknown as Record<string, number>;
  console.log(`logs.extract.200mb.events: ${scan.events} events`);
  console.log(`logs.extract.200mb.lines: ${scan.lines} lines`);
  console.log(`logs.grep.200mb.matches: ${grep.count} lines`);
  console.log(`logs.extract.200mb.time: ${scan.ms.toFixed(0)} ms`);
  console.log(`logs.grep.200mb.time: ${grep.ms.toFixed(0)} ms`);
  console.log(`logs.extract.200mb.throughput: ${(size / MB / (scan.ms / 1000)).toFixed(0)} MB/s`);
  console.log(`logs.extract.vs-grep: ${(scan.ms / grep.ms).toFixed(2)} x (goal <= 3)`);
  console.log(`logs.extract.200mb.peak-rss: ${(scan.rss / MB).toFixed(0)} MB`);

  const big = path.join(dataDir, 'vsbkp-1gb.log');
  try {
    generate(big, 1024 * MB);
    const scanBig = runChild('scan', big);
    console.log(`logs.extract.1gb.time: ${scanBig.ms.toFixed(0)} ms`);
    console.log(`logs.extract.1gb.throughput: ${(fs.statSync(big).size / MB / (scanBig.ms / 1000)).toFixed(0)} MB/s`);
    console.log(`logs.extract.1gb.peak-rss: ${(scanBig.rss / MB).toFixed(0)} MB`);
    console.log(`logs.extract.peak-rss-growth-200mb-to-1gb: ${((scanBig.rss - scan.rss) / MB).toFixed(0)} MB`);
    const viewer = runChild('viewer', big);
    console.log(`logs.viewer.1gb.first-screen: ${viewer.firstScreen.toFixed(0)} ms`);
    console.log(`logs.viewer.1gb.full-index: ${viewer.full.toFixed(0)} ms`);
    console.log(`logs.viewer.1gb.seek-middle-60-lines: ${viewer.seek.toFixed(1)} ms`);
    console.log(`logs.viewer.1gb.checkpoints: ${viewer.checkpoints} checkpoints`);
    console.log(`logs.viewer.1gb.peak-rss: ${(viewer.rss / MB).toFixed(0)} MB`);
  } finally {
    fs.rmSync(big, { force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
