// Writes dist/schemas/*.json: the schemas as VS Code's JSON validation should see them.
//
// The extension's own checks already report every schema violation of these files with a code,
// the exact range and a fix (and the CLI reports the same). Registering the strict schemas with
// `jsonValidation` made VS Code report each violation a second time in generic words. The editor
// copies keep what helps while typing (properties, descriptions, types, snippets) and turn
// constraints into suggestions: `enum`/`const` become `examples`, which completion still offers.
import fs from 'node:fs';
import path from 'node:path';

const DROP = new Set([
  'required',
  'pattern',
  'patternErrorMessage',
  'minLength',
  'minItems',
  'minProperties',
  'not',
  'propertyNames',
  'if',
  'then',
  'else',
  'enumDescriptions',
]);

export function toEditorSchema(node) {
  if (Array.isArray(node)) return node.map(toEditorSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROP.has(key)) continue;
    if (key === 'additionalProperties' && value === false) continue;
    if (key === 'enum') {
      out.examples = value;
      continue;
    }
    if (key === 'const') {
      out.examples = [value];
      continue;
    }
    if (key === '$id' && typeof value === 'string') {
      out.$id = value.replace(/\.json$/, '.editor.json');
      continue;
    }
    out[key] = toEditorSchema(value);
  }
  return out;
}

export function buildEditorSchemas(outDir, schemasDir = path.join(path.dirname(new URL(import.meta.url).pathname), '../schemas')) {
  fs.mkdirSync(outDir, { recursive: true });
  for (const file of fs.readdirSync(schemasDir).filter((f) => f.endsWith('.schema.json'))) {
    const strict = JSON.parse(fs.readFileSync(path.join(schemasDir, file), 'utf8'));
    fs.writeFileSync(path.join(outDir, file), JSON.stringify(toEditorSchema(strict)));
  }
}
