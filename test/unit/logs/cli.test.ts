import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { logsCommand } from '../../../src/cli/logs';

const root = path.join(__dirname, '../../..');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await logsCommand.run(args, { out: (s) => (out += s), err: (s) => (err += s), cwd: root, env: {} });
  return { code, out, err };
}

describe('cli logs', () => {
  it('prints the example log events as JSON with 1-based lines and the file (exit 1: it holds an AccessDenied)', async () => {
    const r = await run(['--format', 'json', 'examples/msp/logs/vsbkp.log']);
    assert.equal(r.code, 1, r.err);
    const events = JSON.parse(r.out);
    assert.equal(events.length, 9);
    assert.deepEqual(
      {
        file: events[0].file,
        kind: events[0].kind,
        line: events[0].line,
        arn: events[0].arn,
        accountId: events[0].accountId,
        jobId: events[0].jobId,
        url: events[0].url,
      },
      {
        file: 'examples/msp/logs/vsbkp.log',
        kind: 'connect',
        line: 2,
        arn: 'arn:aws:iam::222222222222:role/vsa-role',
        accountId: '222222222222',
        jobId: '48213',
        url: 'default',
      },
    );
    const denied = events.find((e: { errorCode: string | null }) => e.errorCode === 'AccessDenied');
    assert.equal(denied.line, 8);
    assert.equal(events[8].arn, 'arn:aws:iam::222222222222:role/vsa-role');
    for (const key of ['time', 'pid', 'tid', 'function', 'roleName', 'message']) assert.ok(key in events[0], key);
  });

  it('prints readable text by default', async () => {
    const r = await run(['examples/msp/logs/vsbkp.log']);
    assert.equal(r.code, 1);
    assert.match(r.out, /^examples\/msp\/logs\/vsbkp\.log:8: error AccessDenied \[job 48214 11\/20 02:05:12\] arn:aws:iam::333333333333:role\/vsa-role: /m);
  });

  it('exits 2 naming a missing file, still printing the others', async () => {
    const r = await run(['--format', 'json', 'nope.log', 'examples/msp/logs/vsbkp.log']);
    assert.equal(r.code, 2);
    assert.match(r.err, /Cannot read nope\.log: it does not exist/);
    assert.equal(JSON.parse(r.out).length, 9);
    assert.equal((await run(['examples'])).code, 2);
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['--format', 'xml', 'a.log'])).code, 2);
  });

  it('reads a binary file without crashing (exit 0, valid JSON)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cab-logs-'));
    const file = path.join(dir, 'bin.log');
    fs.writeFileSync(file, Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 131) & 255)));
    const r = await run(['--format', 'json', file]);
    assert.equal(r.code, 0, r.err);
    assert.ok(Array.isArray(JSON.parse(r.out)));
    fs.rmSync(dir, { recursive: true });
  });

  it('decodes UTF-16 logs with a byte-order mark (LE and BE) and warns about a binary file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cab-logs-'));
    try {
      const text = `\uFEFF${fs.readFileSync(path.join(root, 'examples/msp/logs/vsbkp.log'), 'utf8')}`;
      fs.writeFileSync(path.join(dir, 'le.log'), Buffer.from(text, 'utf16le'));
      fs.writeFileSync(path.join(dir, 'be.log'), Buffer.from(text, 'utf16le').swap16());
      fs.writeFileSync(path.join(dir, 'bin.log'), Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 131) & 255)));
      for (const name of ['le.log', 'be.log']) {
        const r = await run(['--format', 'json', path.join(dir, name)]);
        // The sample log holds an AccessDenied: `logs` exits 1 when it finds a credential failure.
        assert.equal(r.code, 1, r.err);
        assert.equal(r.err, '');
        assert.equal(JSON.parse(r.out).length, 9, name);
      }
      const bin = await run([path.join(dir, 'bin.log')]);
      assert.equal(bin.code, 0);
      assert.match(bin.err, /bin\.log: This file looks binary \(it contains NUL bytes\)/);
      assert.equal((await run(['examples/msp/logs/vsbkp.log'])).err, '');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the bundled CLI runs `logs`', function () {
    const cli = path.join(root, 'dist/cli.js');
    if (!fs.existsSync(cli)) this.skip();
    const r = spawnSync(process.execPath, [cli, 'logs', '--format', 'json', 'examples/msp/logs/vsbkp.log'], { cwd: root, encoding: 'utf8' });
    if (r.status === 2 && /Unknown command/.test(r.stderr)) this.skip(); // an older bundle: `npm test` rebuilds it first
    assert.equal(r.status, 1, r.stderr);
    assert.equal(JSON.parse(r.stdout).length, 9);
  });

  it('exits 0 when the logs show no credential failure (ESLint habit: 1 only when something was found)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cab-logs-'));
    const file = path.join(dir, 'ok.log');
    const ok = fs
      .readFileSync(path.join(root, 'examples/msp/logs/vsbkp.log'), 'utf8')
      .split('\n')
      .filter((l) => /CAmazonInfo::Connect/.test(l))
      .join('\n');
    fs.writeFileSync(file, `${ok}\n`);
    const r = await run([file]);
    assert.ok(r.out.length > 0, 'it has events');
    assert.equal(r.code, 0, r.out);
    fs.rmSync(dir, { recursive: true });
  });

  it('ends quietly when the reader closes the pipe (`logs big.log | head -1`)', function () {
    const cli = path.join(root, 'dist/cli.js');
    if (!fs.existsSync(cli)) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cab-logs-'));
    const file = path.join(dir, 'big.log');
    const text = fs.readFileSync(path.join(root, 'examples/msp/logs/vsbkp.log'), 'utf8');
    fs.writeFileSync(file, text.repeat(20_000));
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${cli}" logs "${file}" | head -1; echo "status:\${PIPESTATUS:-$?}"`], {
      cwd: root,
      encoding: 'utf8',
    });
    fs.rmSync(dir, { recursive: true });
    assert.equal(r.stdout.split('\n').filter(Boolean).length, 2, r.stdout);
    assert.equal(r.stderr, '', 'no EPIPE stack trace');
  });
});
