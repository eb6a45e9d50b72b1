// Types for the code-server harness (plain ESM JavaScript so launchers run without a build).
import type { Browser, Page } from 'playwright-core';

export const root: string;
export const node24: string;
export const chromiumPath: string;
export function ensureInstalled(): void;
export function run(cmd: string, args: string[], opts?: object): void;
export function packageProduct(): string;
export function packageFolder(folder: string, outFile: string): string;
export function freePort(): Promise<number>;
export function tempDir(prefix: string): string;
export function copyWorkspace(from?: string): string;
export interface CodeServer {
  url: string;
  port: number;
  folderUrl: string;
  dirs: { base: string; userData: string; extensions: string; configHome: string };
  log(): string;
  stop(): Promise<void>;
}
export function startCodeServer(options?: {
  vsixes?: string[];
  /** A folder, or a .code-workspace file (opened as a multi-root workspace). */
  folder?: string;
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  port?: number;
}): Promise<CodeServer>;
export function launchBrowser(): Promise<Browser>;
export function openWorkbench(browser: Browser, server: CodeServer, size?: { width?: number; height?: number }): Promise<Page>;
