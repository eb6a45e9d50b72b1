// A small cache of one parsed model per (uri, version), shared by every feature that reads a document (after
// VS Code's json-language-features `languageModelCache`): at most `maxEntries` documents, each dropped when its
// version changes or when it has not been asked for in `ttlMs`.

export interface ModelCacheOptions {
  /** How many documents keep a model; the least recently used goes first. */
  maxEntries?: number;
  /** A model not asked for this long is dropped on the next access. */
  ttlMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

interface Entry<T> {
  version: number;
  model: T;
  used: number;
}

export class ModelCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** How many models were built (a miss each), for tests and the log. */
  built = 0;

  constructor(
    private readonly build: (text: string) => T,
    opts: ModelCacheOptions = {},
  ) {
    this.maxEntries = opts.maxEntries ?? 10;
    this.ttlMs = opts.ttlMs ?? 2 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** The model of `uri` at `version`, built from `text()` only when the cache has none for that version. */
  get(uri: string, version: number, text: () => string): T {
    const now = this.now();
    this.sweep(now);
    const hit = this.entries.get(uri);
    if (hit && hit.version === version) {
      hit.used = now;
      // Moved last: the map's order is the order of use, its first key the least recently used.
      this.entries.delete(uri);
      this.entries.set(uri, hit);
      return hit.model;
    }
    const model = this.build(text());
    this.built++;
    this.entries.delete(uri);
    this.entries.set(uri, { version, model, used: now });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return model;
  }

  /** Forgets a document (closed). */
  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(now: number): void {
    for (const [uri, e] of this.entries) if (now - e.used > this.ttlMs) this.entries.delete(uri);
  }
}
