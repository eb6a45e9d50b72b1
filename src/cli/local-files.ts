// Reading the files an accounts file names from the local disk, for the CLI commands.
import * as fs from 'node:fs/promises';
import type { URI } from '../core/topology/paths';

/** A file on disk by location: undefined when there is none, other errors thrown (and reported as unreadable). */
export async function readLocalFile(location: URI): Promise<string | undefined> {
  try {
    return await fs.readFile(location.fsPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
