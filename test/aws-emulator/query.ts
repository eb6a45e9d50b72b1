// Reads AWS Query-protocol parameters: flat `A.member.1.B` keys into nested objects and lists, and list pagination.
import { AwsError } from './errors';

export type QueryValue = string | QueryValue[] | { [k: string]: QueryValue };

export class QueryParams {
  readonly flat: Map<string, string>;
  private tree: Record<string, QueryValue> | undefined;

  constructor(entries: Iterable<[string, string]>) {
    this.flat = new Map(entries);
  }

  get(name: string): string | undefined {
    return this.flat.get(name);
  }

  /** The nested view: `Tags.member.2.Key` → `tree.Tags[1].Key`. */
  nested(): Record<string, QueryValue> {
    if (this.tree) return this.tree;
    const root: Record<string, QueryValue> = {};
    for (const [key, value] of this.flat) {
      const parts = key.split('.');
      let node: Record<string, QueryValue> | QueryValue[] = root;
      for (let i = 0; i < parts.length; i++) {
        const last = i === parts.length - 1;
        let part: string | number = parts[i]!;
        if (part === 'member' && i + 1 < parts.length && /^\d+$/.test(parts[i + 1]!)) continue;
        if (/^\d+$/.test(part) && parts[i - 1] === 'member') part = Number(part) - 1;
        const container = node as Record<string | number, QueryValue>;
        if (last) {
          container[part] = value;
        } else {
          const nextIsList = parts[i + 1] === 'member';
          if (container[part] === undefined || typeof container[part] === 'string') container[part] = nextIsList ? [] : {};
          node = container[part] as Record<string, QueryValue> | QueryValue[];
        }
      }
    }
    this.tree = root;
    return root;
  }

  /** A `Name.member.N` list of strings. */
  list(name: string): string[] {
    const v = this.nested()[name];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  /** A `Name.member.N.Field` list of structures. */
  structs(name: string): Record<string, QueryValue>[] {
    const v = this.nested()[name];
    return Array.isArray(v) ? v.filter((x): x is Record<string, QueryValue> => typeof x === 'object' && x !== null && !Array.isArray(x)) : [];
  }

  bool(name: string): boolean | undefined {
    const v = this.get(name);
    return v === undefined ? undefined : v === 'true';
  }

  int(name: string): number | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n)) throw new AwsError('MalformedInput', `Invalid value for parameter ${name}: ${v}`, 400);
    return n;
  }
}

/** Marker/MaxItems paging as IAM does it: the marker is opaque to clients, here the next index. */
export function paginate<T>(items: T[], params: QueryParams): { page: T[]; isTruncated: boolean; marker?: string } {
  const start = params.get('Marker') ? Number.parseInt(params.get('Marker')!, 10) || 0 : 0;
  const max = params.int('MaxItems') ?? 100;
  const page = items.slice(start, start + max);
  const isTruncated = start + max < items.length;
  return { page, isTruncated, marker: isTruncated ? String(start + max) : undefined };
}
