// Writes docs/rules.md from the rule registry (src/core/rules.ts): `npm run docs:rules`.
import fs from 'node:fs';
import path from 'node:path';
import { renderRulesDoc } from '../src/core/rules-doc';

const target = path.join(__dirname, '..', 'docs', 'rules.md');
fs.writeFileSync(target, renderRulesDoc());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
