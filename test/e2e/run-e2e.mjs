// `npm run test:e2e`: installs what is missing, builds the .vsix, then runs the browser-driven suite with mocha.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureInstalled, packageProduct, root } from '../harness/code-server.mjs';

ensureInstalled();
process.env.CAB_E2E_VSIX = packageProduct();
const r = spawnSync(process.execPath, [path.join(root, 'node_modules/mocha/bin/mocha.js'), '--config', 'test/e2e/.mocharc.json', ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
  env: process.env,
});
process.exitCode = r.status ?? 1;
