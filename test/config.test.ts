// Settings: defaults, environment, flags, validation, and the README's table kept in step.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig, SETTINGS, settingsTable } from '../src/config.js';

test('defaults: port 3000, ./data, SQLite in the data directory, 3 versions kept', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.dataDir, path.resolve('data'));
  assert.equal(config.databaseUrl, `sqlite:${path.resolve('data', 'catalog.sqlite')}`);
  assert.equal(config.versionsKept, 3);
  assert.equal(config.logLevel, 'info');
});

test('flags win over the environment', () => {
  const config = loadConfig({ PORT: '4000', TERRITOIRES_DATA_DIR: '/tmp/a' }, { '--port': '5000' });
  assert.equal(config.port, 5000);
  assert.equal(config.dataDir, '/tmp/a');
  assert.equal(config.databaseUrl, 'sqlite:/tmp/a/catalog.sqlite');
});

test('a malformed setting is refused, naming the setting and what was expected', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty' }), /Invalid setting PORT: eighty was found but a whole number is expected/);
  assert.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL: loud was found but fatal, error, warn, info, debug, trace, silent is expected/);
  assert.throws(() => loadConfig({ TERRITOIRES_VERSIONS_KEPT: '0' }), /TERRITOIRES_VERSIONS_KEPT/);
});

test('the README documents every setting, as src/config.ts declares it', () => {
  const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = /<!-- settings:start -->\n([\s\S]*?)\n<!-- settings:end -->/.exec(readme)?.[1];
  assert.equal(block, settingsTable());
  for (const setting of SETTINGS) assert.ok(readme.includes(`\`${setting.env}\``), setting.env);
});
