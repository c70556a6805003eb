#!/usr/bin/env node
// npm's `prepare`: compiles dist/ when forbidlint is installed from git, packed (`npm pack`, which
// pre-commit runs) or installed in a checkout. It prints nothing on stdout, where `npm pack` names
// the tarball for pre-commit to install.
//
// TypeScript is a devDependency, so a tarball install never downloads a compiler. Where npm gave
// the checkout no devDependencies, the version the lock file pins is fetched into a temporary
// prefix and used from there.
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = realpathSync(fileURLToPath(new URL('..', import.meta.url)));
const env = process.env;

/**
 * `npm install -g git+URL` clones into npm's cache and, before packing the clone, runs
 * `npm install --force` in it with the outer command's settings, global included (npm/cli#8440).
 * That inner install moves aside the directory the outer install is unpacking forbidlint and its
 * dependencies into, and links the clone there instead; npm deletes the clone afterwards, so the
 * install would end as a dangling link without dependencies. Under that inner install, this puts
 * the outer directory back and builds nothing: npm runs `prepare` again before packing.
 */
if (env.npm_config_global === 'true' && sameDirectory(env.npm_config_local_prefix, root) && env.npm_config_global_prefix !== undefined && env.npm_config_cache !== undefined && isInside(root, realOr(path.join(env.npm_config_cache, '_cacache', 'tmp')))) {
  restoreGlobalDirectory(env.npm_config_global_prefix);
  process.exit(0);
}

let fetched;
let tsc = compilerIn(root);
if (tsc === undefined) {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const version = lock.packages['node_modules/typescript'].version;
  fetched = mkdtempSync(path.join(tmpdir(), 'forbidlint-tsc-'));
  // npm exports its settings to children (npm_config_global=true under `npm install -g`): this is
  // a plain install into the temporary prefix.
  const [command, ...npmArgs] = env.npm_execpath ? [process.execPath, env.npm_execpath] : ['npm'];
  run(command, [...npmArgs, 'install', `typescript@${version}`, '--prefix', fetched, '--global=false', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error']);
  tsc = compilerIn(fetched);
}
try {
  run(process.execPath, [tsc, '-p', 'tsconfig.build.json']);
} finally {
  if (fetched) rmSync(fetched, { recursive: true, force: true });
}

function compilerIn(dir) {
  try {
    return createRequire(path.join(dir, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

/** Runs a child with its stdout on our stderr: stdout stays empty. */
function run(command, args) {
  const child = spawnSync(command, args, { cwd: root, stdio: ['ignore', 2, 2] });
  if (child.error) throw child.error;
  if (child.status !== 0) process.exit(child.status ?? 1);
}

function restoreGlobalDirectory(globalPrefix) {
  const { name } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const modules = path.join(globalPrefix, process.platform === 'win32' ? '' : 'lib', 'node_modules');
  const installed = path.join(modules, name);
  try {
    if (!lstatSync(installed).isSymbolicLink() || realpathSync(installed) !== realpathSync(root)) return;
  } catch {
    return;
  }
  // npm retires a directory as `.<name>-<random>` next to it until the install succeeds.
  const retired = readdirSync(modules).filter((entry) => entry.startsWith(`.${name}-`));
  unlinkSync(installed);
  if (retired.length === 1) renameSync(path.join(modules, retired[0]), installed);
  else mkdirSync(installed);
}

function realOr(file) {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function sameDirectory(a, b) {
  return a !== undefined && realOr(a) === realOr(b);
}

function isInside(file, dir) {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
