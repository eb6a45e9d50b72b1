// Registers the offline trust evaluation (who can assume what) and its command.
import type { Ctx } from '../context';

export function registerTrust(ctx: Ctx): void {
  void ctx;
}
