// What the commands that act on an accounts file (evaluate, AssumeRole tests, apply, export) read from it: the model and its policy files.
import type { LoadedAccounts } from './load';
import type { Topology } from './model';
import { resolvePolicyPath, type URI } from './paths';

export interface AccountsInput {
  topology: Topology;
  /** A policy file by the path written in the accounts file; undefined when there is no file there. */
  readFile(relativePath: string): Promise<string | undefined>;
}

/**
 * The input for a loaded accounts file: paths resolve against its location (`resolvePolicyPath`), and `read`
 * (the CLI's file system, VS Code's open editors then `workspace.fs`) is injected so the core stays pure.
 * `read` answers undefined for a missing file and throws on other errors, which callers report as such.
 */
export function accountsInput(loaded: LoadedAccounts, read: (location: URI) => Promise<string | undefined>): AccountsInput {
  return { topology: loaded.topology, readFile: (rel) => read(resolvePolicyPath(loaded.uri, rel)) };
}
