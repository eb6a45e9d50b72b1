// Registers the aws feature's providers and commands.
import type { Ctx } from '../context';

export function registerAws(ctx: Ctx): void {
  void ctx;
}
