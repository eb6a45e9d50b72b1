// Soak: `test-assume-role` over 1,000 tenants against the emulator with 2% injected faults of mixed kinds (reset, HTTP 500,
// throttling); every tenant must get a result, nothing may hang, and memory must stay flat. Run: `npm run bench -- soak`.
import { makeTestAssumeRoleCommand } from '../src/cli/test-assume-role';
import { makeFixture, manyTenants } from '../test/unit/aws/fixture';

const TENANTS = 1000;
const FAULT_EVERY = 50; // one call in 50 = 2%
const KINDS = ['reset', 'http500', 'throttle'] as const;
const DEADLINE_MS = 10 * 60_000;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const fx = await makeFixture({
    latencyMs: 2,
    edit: manyTenants(TENANTS, { firstAccountId: 600000000000, prefix: 'tenant-' }),
  });
  const command = makeTestAssumeRoleCommand({ isTTY: false });
  // One attempt per call, so each injected fault reaches a tenant's result instead of being retried away.
  const env = { ...fx.env, AWS_MAX_ATTEMPTS: '1' };
  const runOnce = async () => {
    let out = '';
    const code = await command.run(['--accounts', fx.accountsFile, '--no-simulate', '--format', 'json', '--concurrency', '16', '--timeout', '20'], {
      out: (s) => void (out += s),
      err: () => undefined,
      cwd: fx.dir,
      env,
    });
    return { code, results: JSON.parse(out) as { tenant: string; ok: boolean; failure: { kind: string } | null }[] };
  };
  try {
    await runOnce(); // warm-up: loads the SDK, opens connections
    // Faults: after every FAULT_EVERY calls the emulator gets one more fault, of the next kind in turn.
    let injected = 0;
    let seenCalls = 0;
    fx.emu.clearCalls(); // the warm-up's calls do not count towards the fault rate
    const injector = setInterval(() => {
      const n = fx.emu.calls.length;
      fx.emu.clearCalls(); // the call log would otherwise grow with the run and hide our own memory behaviour
      seenCalls += n;
      while (injected < Math.floor(seenCalls / FAULT_EVERY)) {
        const kind = KINDS[injected % KINDS.length];
        fx.emu.faults.set({ [kind]: (fx.emu.faults.current[kind] ?? 0) + 1 });
        injected++;
      }
    }, 5);
    global.gc?.();
    const heapStart = process.memoryUsage().heapUsed;
    const rssStart = process.memoryUsage().rss;
    let rssPeak = rssStart;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const timer = setTimeout(() => {
      console.error(`soak: no result after ${DEADLINE_MS / 1000} s: a call hangs`);
      process.exit(1);
    }, DEADLINE_MS);
    const first = await runOnce();
    const wall = performance.now() - started;
    global.gc?.();
    const rssAfterFirst = process.memoryUsage().rss;
    const heapAfterFirst = process.memoryUsage().heapUsed;
    const second = await runOnce(); // more rounds: memory must not keep growing with each run
    global.gc?.();
    const heapAfterSecond = process.memoryUsage().heapUsed;
    const third = await runOnce();
    clearTimeout(timer);
    clearInterval(injector);
    clearInterval(sampler);
    global.gc?.();
    const rssEnd = process.memoryUsage().rss;
    const heapEnd = process.memoryUsage().heapUsed;

    const missing = TENANTS - new Set(first.results.map((r) => r.tenant)).size;
    if (first.results.length !== TENANTS || missing) throw new Error(`only ${first.results.length} results for ${TENANTS} tenants`);
    const byKind = new Map<string, number>();
    for (const r of first.results) {
      const k = r.ok ? 'ok' : (r.failure?.kind ?? 'unknown');
      byKind.set(k, (byKind.get(k) ?? 0) + 1);
    }
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
    console.log(`tenants: ${TENANTS} count`);
    console.log(`calls seen by the emulator (all rounds): ${seenCalls} count`);
    console.log(`faults injected (reset / HTTP 500 / throttling in turn): ${injected} count`);
    console.log(`wall time, round 1: ${Math.round(wall)} ms`);
    console.log(`results, round 1: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    console.log(
      `results, rounds 2 and 3: ${second.results.length} and ${third.results.length} count (${second.results.filter((r) => r.ok).length} and ${third.results.filter((r) => r.ok).length} ok)`,
    );
    console.log(`exit code, round 1: ${first.code}`);
    console.log(`rss start: ${mb(rssStart)}`);
    console.log(`rss peak: ${mb(rssPeak)}`);
    console.log(`rss after round 1: ${mb(rssAfterFirst)}`);
    console.log(`rss end (after round 3): ${mb(rssEnd)}`);
    console.log(
      `heap used after gc: start ${mb(heapStart)}, after round 1 ${mb(heapAfterFirst)}, after round 2 ${mb(heapAfterSecond)}, after round 3 ${mb(heapEnd)}`,
    );
  } finally {
    await fx.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
