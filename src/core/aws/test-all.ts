// "Test all tenants": runs the AssumeRole test for many tenants with a bound on parallel tests, cancellable.
import { testAssumeRole, type AccountsInput, type TestOptions, type TestResult } from './assume-role-test';
import type { AwsSession } from './session';

export interface TestAllOptions extends TestOptions {
  concurrency: number;
  /** Called as each tenant finishes, in completion order. */
  onResult?: (result: TestResult, done: number, total: number) => void;
}

/** Results in the order of `tenants`; tenants not started before cancellation get a `cancelled` failure. */
export async function testAllTenants(accounts: AccountsInput, tenants: readonly string[], session: AwsSession, options: TestAllOptions): Promise<TestResult[]> {
  let done = 0;
  return mapBounded(tenants, options.concurrency, async (name) => {
    const r = options.signal?.aborted ? cancelled(accounts, name) : await testAssumeRole(accounts, name, session, options);
    options.onResult?.(r, ++done, tenants.length);
    return r;
  });
}

function cancelled(accounts: AccountsInput, name: string): TestResult {
  const t = accounts.topology.tenants.find((x) => x.name === name);
  return {
    tenant: name,
    roleArn: t?.hypervisor?.roleArn ?? '',
    ok: false,
    steps: [],
    warnings: [],
    failure: { kind: 'cancelled', message: 'Cancelled before this tenant was tested.', fix: 'Run the test again.' },
  };
}

/**
 * A worker pool: `limit` workers take the next index until none is left. (Hand-written because the
 * maintained pools, p-map / p-limit, are ESM-only and the tests run this module as CommonJS.)
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  const n = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
  await Promise.all(Array.from({ length: n }, worker));
  return out;
}
