// `npm start`: opens a copy of examples/msp in a real VS Code with the extension loaded.
// With a `code` command: an Extension Development Host. Without one: code-server on 127.0.0.1
// with the freshly built .vsix installed (open the printed URL in a browser).
// The copy lives in .tmp/start/ (git-ignored): VS Code and the extension write into the folder they
// open, and a user trying things out edits it, so the tracked example must not be that folder.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packageProduct, root, run, startCodeServer } from '../test/harness/code-server.mjs';

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8080' },
    folder: { type: 'string' },
    'code-server': { type: 'boolean', default: false },
  },
});
const folder = opts.folder ? path.resolve(opts.folder) : exampleCopy();

/** .tmp/start/msp: a copy of examples/msp made on the first run and kept, with the user's edits, after. */
function exampleCopy() {
  const dest = path.join(root, '.tmp/start/msp');
  if (!fs.existsSync(dest)) {
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.cpSync(path.join(root, 'examples/msp'), dest, { recursive: true });
  }
  console.log(`Workspace: ${path.relative(root, dest)} (a copy of examples/msp; delete .tmp/start to start again from the example).`);
  return dest;
}
const hasCode = !opts['code-server'] && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;

if (hasCode) {
  run('node', ['esbuild.mjs']);
  console.log(`Opening ${folder} in VS Code with the extension under development…`);
  spawn('code', ['--new-window', `--extensionDevelopmentPath=${root}`, folder], { stdio: 'inherit', detached: true }).unref();
} else {
  console.log('No `code` command: starting code-server (first run installs it, a few minutes).');
  const vsix = packageProduct();
  const server = await startCodeServer({ vsixes: [vsix], folder, port: Number(opts.port) });
  console.log(`\nCross-Account Backup is running in code-server:\n\n    ${server.folderUrl}\n\nOpen that address in a browser. Press Ctrl+C to stop.`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Keep the launcher alive while code-server runs.
  setInterval(() => {}, 1 << 30);
}
