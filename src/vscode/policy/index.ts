// Registers the policy feature's providers and commands.
import type { Ctx } from '../context';

export function registerPolicy(ctx: Ctx): void {
  void ctx;
}
