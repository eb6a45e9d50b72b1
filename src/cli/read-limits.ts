// Reads an accounts file for the CLI, refusing one far larger than any real accounts file before it fills memory.
import * as fs from 'node:fs/promises';

/**
 * 5 MB: an accounts file with a thousand tenants is about 0.5 MB, so anything ten times that is not an accounts
 * file (or is broken); parsing it with ranges would take over ten times its size in memory.
 */
export const MAX_ACCOUNTS_FILE_BYTES = 5 * 1024 * 1024;

export async function readAccountsText(file: string, shown = file): Promise<{ text: string } | { error: string }> {
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory())
      return { error: `Cannot read the accounts file ${shown}: it is a folder. Name the accounts file (cross-account-backup.json) itself.` };
    if (stat.size > MAX_ACCOUNTS_FILE_BYTES) return { error: tooLarge(shown, stat.size) };
    return { text: await fs.readFile(file, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'it does not exist. Check the --accounts path' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message;
    return { error: `Cannot read the accounts file ${shown}: ${why}.` };
  }
}

export function tooLarge(shown: string, bytes: number): string {
  return `${shown} is ${(bytes / 1024 / 1024).toFixed(1)} MB; an accounts file may be at most ${MAX_ACCOUNTS_FILE_BYTES / 1024 / 1024} MB (one with a thousand tenants is about 0.5 MB). Check that you named the right file.`;
}
