#!/usr/bin/env node
// Packages the desktop app, then rebuilds better-sqlite3 for plain Node again: electron-builder
// rebuilds native modules in place for Electron's ABI, which would break the CLI, the browser mode
// and the tests until the next `npm rebuild`.
import { spawnSync } from 'node:child_process';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  return result.status ?? 1;
}

let status = run(process.execPath, ['scripts/build.mjs']);
if (status === 0) status = run('npx', ['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)]);
const restored = run('npm', ['rebuild', 'better-sqlite3']);
if (restored !== 0) process.stderr.write('dist: could not rebuild better-sqlite3 for Node; run `npm rebuild better-sqlite3`\n');
process.exitCode = status || restored;
