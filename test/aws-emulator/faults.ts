// Fault injection: latency, throttling, HTTP 500, connection resets, expired sessions, disabled regions — counted, so tests are deterministic.

export interface FaultSettings {
  /** Extra delay before every response, in milliseconds (on top of the emulator's `latencyMs`). */
  latencyMs?: number;
  /** The next N matching calls fail with `Throttling` ("Rate exceeded", HTTP 400). */
  throttle?: number;
  /** Every k-th matching call fails with `Throttling`: a steady, deterministic rate of 1/k. 0 turns it off. */
  throttleEvery?: number;
  /** The next N matching calls fail with HTTP 500 `InternalFailure`. */
  http500?: number;
  /** The next N matching calls have their connection destroyed before any response byte. */
  reset?: number;
  /** Every temporary (`ASIA…`) credential is treated as expired: `ExpiredToken`. */
  expireSessions?: boolean;
  /** STS calls signed for these regions fail with `RegionDisabledException`. */
  disabledRegions?: string[];
  /** Limits throttle/throttleEvery/http500/reset to these actions (e.g. `['AssumeRole']`); all actions when unset. */
  actions?: string[];
}

export type FaultOutcome = 'reset' | 'http500' | 'throttle' | undefined;

export class Faults {
  private s: Required<Omit<FaultSettings, 'actions'>> & { actions?: string[] } = Faults.empty();
  private matchingCalls = 0;

  private static empty() {
    return { latencyMs: 0, throttle: 0, throttleEvery: 0, http500: 0, reset: 0, expireSessions: false, disabledRegions: [] as string[], actions: undefined };
  }

  /** Merges into the current settings: `set({ throttle: 2 })` leaves latency as it was. */
  set(settings: FaultSettings): void {
    for (const [k, v] of Object.entries(settings)) {
      if (v === undefined) continue;
      if (typeof v === 'number' && (!Number.isFinite(v) || v < 0)) throw new Error(`Fault ${k} must be a non-negative number, got ${v}.`);
      (this.s as Record<string, unknown>)[k] = Array.isArray(v) ? [...v] : v;
    }
    if ('throttleEvery' in settings) this.matchingCalls = 0;
  }

  clear(): void {
    this.s = Faults.empty();
    this.matchingCalls = 0;
  }

  /** What remains (counters go down as faults fire). */
  get current(): Readonly<FaultSettings> {
    return { ...this.s, disabledRegions: [...this.s.disabledRegions], actions: this.s.actions && [...this.s.actions] };
  }

  get latencyMs(): number {
    return this.s.latencyMs;
  }

  get expireSessions(): boolean {
    return this.s.expireSessions;
  }

  regionDisabled(region: string): boolean {
    return this.s.disabledRegions.includes(region);
  }

  /** Decides, and consumes, the fault for one call. Order: reset, then 500, then throttling. */
  take(action: string | undefined): FaultOutcome {
    if (this.s.actions && !(action && this.s.actions.includes(action))) return undefined;
    this.matchingCalls++;
    if (this.s.reset > 0) {
      this.s.reset--;
      return 'reset';
    }
    if (this.s.http500 > 0) {
      this.s.http500--;
      return 'http500';
    }
    if (this.s.throttle > 0) {
      this.s.throttle--;
      return 'throttle';
    }
    if (this.s.throttleEvery > 0 && this.matchingCalls % this.s.throttleEvery === 0) return 'throttle';
    return undefined;
  }
}
