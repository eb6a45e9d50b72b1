// Policy references come from the topology model, not its linter: reading them never loads the schema validator (ajv).
import assert from 'node:assert/strict';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '../../..');

describe('topology: policy references', () => {
  it("the policy checks' accounts view (core/policy/accounts.ts) bundles without ajv or the topology linter", async () => {
    const r = await build({
      entryPoints: [path.join(ROOT, 'src/core/policy/accounts.ts')],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'silent',
    });
    const inputs = Object.keys(r.metafile.inputs);
    assert.ok(
      inputs.some((i) => i.endsWith('src/core/topology/references.ts')),
      inputs.join('\n'),
    );
    assert.deepEqual(
      inputs.filter((i) => /node_modules\/ajv|topology\/(lint|schema-check|ajv-bundle)\.ts$/.test(i)),
      [],
    );
  });
});
