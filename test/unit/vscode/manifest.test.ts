// The command and settings tables in code match package.json: one source for ids, titles, categories and defaults.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { COMMAND_CATEGORY, COMMANDS, SHELL_COMMANDS } from '../../../src/vscode/command-ids';
import { SETTINGS } from '../../../src/vscode/setting-keys';

const REPO = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

interface ManifestCommand {
  command: string;
  title: string;
  category?: string;
}

describe('package.json against the command table', () => {
  const contributed: ManifestCommand[] = manifest.contributes.commands;

  it('contributes exactly the table commands that have a title, in order, with their titles', () => {
    assert.deepEqual(
      contributed.map((c) => [c.command, c.title]),
      COMMANDS.filter((c) => c.title).map((c) => [c.id, c.title]),
    );
  });

  it('gives every contributed command the one category', () => {
    for (const c of contributed) assert.equal(c.category, COMMAND_CATEGORY, c.command);
  });

  it('menus and keybindings name only contributed commands', () => {
    const known = new Set(contributed.map((c) => c.command));
    for (const [menu, items] of Object.entries(manifest.contributes.menus as Record<string, { command?: string; submenu?: string }[]>)) {
      for (const item of items) if (item.command) assert.ok(known.has(item.command), `${menu} names unknown command ${item.command}`);
    }
    for (const k of (manifest.contributes.keybindings ?? []) as { command: string }[])
      assert.ok(known.has(k.command.replace(/^-/, '')), `keybinding for unknown ${k.command}`);
  });

  it('the shell stands in for every contributed command', () => {
    for (const c of contributed) assert.ok(SHELL_COMMANDS.includes(c.command), c.command);
    assert.equal(new Set(COMMANDS.map((c) => c.id)).size, COMMANDS.length, 'ids are unique');
  });
});

describe('package.json against the settings table', () => {
  const properties: Record<string, { type: string; default: unknown }> = manifest.contributes.configuration.properties;

  it('contributes exactly the table keys', () => {
    assert.deepEqual(
      Object.keys(properties).sort(),
      Object.keys(SETTINGS)
        .map((k) => `crossAccountBackup.${k}`)
        .sort(),
    );
  });

  it('with the same types and defaults', () => {
    for (const [key, def] of Object.entries(SETTINGS)) {
      const p = properties[`crossAccountBackup.${key}`];
      assert.equal(p.type, def.type, key);
      assert.deepEqual(p.default, def.default, key);
    }
  });
});
