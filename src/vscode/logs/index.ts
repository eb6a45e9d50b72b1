// Registers the logs feature's providers and commands.
import type { Ctx } from '../context';

export function registerLogs(ctx: Ctx): void {
  void ctx;
}
