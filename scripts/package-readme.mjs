// Writes dist/README.md, the README that goes into the .vsix (`vsce package --readme-path`): README.md
// without its screenshots. VS Code's extension Details page sanitizes the README to images from http(s)
// only (its markdown sanitizer's default media protocols; its Content-Security-Policy is
// `img-src https: data:`), so an image inside the installed package — relative path or data: URI —
// shows as a broken image, and an https one needs the network. The repository's README keeps them.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export function packageReadme(outFile = path.join(root, 'dist/README.md')) {
  const text = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  let dropped = 0;
  // An image alone on its line, with the blank line after it.
  const out = text.replace(/^!\[[^\]]*\]\([^)\s]+\)\n(\n)?/gm, () => {
    dropped++;
    return '';
  });
  if (/!\[[^\]]*\]\(/.test(out))
    throw new Error('README.md has an image inside a paragraph: put it on a line of its own so the packaged README can leave it out.');
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, out);
  return { outFile, dropped };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { outFile, dropped } = packageReadme();
  console.log(`${path.relative(root, outFile)}: README.md without its ${dropped} screenshot(s)`);
}
