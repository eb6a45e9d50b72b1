// Benchmark: "Test all tenants" for 200 tenants against the emulator with 50 ms per call, bounded-parallel vs sequential.
import { testAllTenants } from '../src/core/aws/test-all';
import { makeFixture, manyTenants } from '../test/unit/aws/fixture';

const TENANTS = 200;
const LATENCY_MS = 50;
const CONCURRENCY = 8;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const fx = await makeFixture({
    latencyMs: LATENCY_MS,
    edit: manyTenants(TENANTS, { firstAccountId: 500000000000, prefix: 'tenant-' }),
  });
  try {
    const accounts = await fx.accounts();
    const names = accounts.topology.tenants.map((t) => t.name);
    // The per-tenant simulation is off: it measures the emulator's policy engine, not the test runner.
    const options = { durationSeconds: 3600, sessionNamePrefix: 'bench', simulatePermissions: false };
    const run = async (concurrency: number) => {
      const started = performance.now();
      const results = await testAllTenants(accounts, names, fx.session({ runtime: { maxAttempts: 3 } }), { ...options, concurrency });
      const ms = performance.now() - started;
      const failed = results.filter((r) => !r.ok);
      if (failed.length) throw new Error(`${failed.length} tenant(s) failed, e.g. ${JSON.stringify(failed[0].failure)}`);
      return ms;
    };
    await run(CONCURRENCY); // warm-up: loads the SDK and opens connections
    const parallel = await run(CONCURRENCY);
    const sequential = await run(1);
    console.log(`tenants: ${TENANTS} count`);
    console.log(`latency per call: ${LATENCY_MS} ms`);
    console.log(`calls per tenant: 3 count`);
    console.log(`test-all wall time (concurrency ${CONCURRENCY}): ${Math.round(parallel)} ms`);
    console.log(`test-all wall time (sequential): ${Math.round(sequential)} ms`);
    console.log(`speed-up vs sequential: ${(sequential / parallel).toFixed(2)} x`);
    console.log(`parallel / sequential wall time: ${(parallel / sequential).toFixed(3)} ratio`);
  } finally {
    await fx.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
