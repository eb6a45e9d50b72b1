// Reading the files an accounts file names from the local disk, for the CLI commands.
import * as fs from 'node:fs';
import type { URI } from '../core/topology/paths';

/** A file on disk by location: undefined when there is none, other errors thrown (and reported as unreadable). */
export async function readLocalFile(location: URI): Promise<string | undefined> {
  try {
    // Synchronous on purpose: a command reads one file after another anyway, and 10,000 policy files read through
    // the promise API cost about a second in file-handle round trips (bench/trust-tenants.bench.ts, the CLI run).
    return fs.readFileSync(location.fsPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
