import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * forbidlint installed by the routes users take, from a fresh git repository holding this
 * working tree (no node_modules, no dist): `npm pack` and the tarball, `npm install -g git+file://`,
 * and pre-commit's `language: node` install. npm reads the shared cache first (prefer-offline),
 * so these take seconds, not minutes, once the cache holds the dependencies.
 */
const REPO = path.resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
const hasGit = spawnSync('git', ['-C', REPO, 'rev-parse', '--is-inside-work-tree'], { encoding: 'utf8' }).stdout?.trim() === 'true';
const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
/** Whether npm can build the optional native addon here (a C toolchain and Node's headers). */
const canBuildAddon = spawnSync('sh', ['-c', 'command -v cc && command -v make && command -v python3']).status === 0 && existsSync('/usr/include/node/node_api.h');
if (!hasGit) console.warn('Skipping the install tests: they copy the git working tree, and this is not one.');
if (!hasPreCommit) console.warn('Skipping the pre-commit install test: `pre-commit` is not installed (Debian: apt-get install pre-commit).');

/** What a user's shell has: none of the npm_* variables `npm test` hands its children. */
const ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))),
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  NO_COLOR: '1',
};
// A flag nginx -t refuses: an error, which a hook must fail on.
const PLANTED = 'events {}\nhttp {\n  server {\n    listen 80;\n    location / {\n      autoindex maybe;\n    }\n  }\n}\n';

let work: string;
let clone: string;

function run(command: string, args: readonly string[], options: SpawnSyncOptions = {}) {
  const child = spawnSync(command, args, { encoding: 'utf8', env: ENV, ...options });
  return { code: child.status, stdout: String(child.stdout), stderr: String(child.stderr) };
}

function mustRun(command: string, args: readonly string[], options: SpawnSyncOptions = {}) {
  const child = run(command, args, options);
  if (child.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${child.code}:\n${child.stdout}${child.stderr}`);
  return child;
}

/** Makes `dir` a git repository with everything in it committed. */
function gitRepo(dir: string): void {
  mustRun('git', ['init', '-q'], { cwd: dir });
  mustRun('git', ['add', '-A'], { cwd: dir });
  mustRun('git', ['-c', 'user.name=forbidlint', '-c', 'user.email=forbidlint@localhost', 'commit', '-q', '-m', 'snapshot'], { cwd: dir });
}

beforeAll(() => {
  if (!hasGit) return;
  work = mkdtempSync(path.join(tmpdir(), 'forbidlint-install-'));
  clone = path.join(work, 'forbidlint');
  const files = mustRun('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO }).stdout.split('\0');
  for (const file of files.filter((f) => f !== '' && existsSync(path.join(REPO, f)))) {
    cpSync(path.join(REPO, file), path.join(clone, file), { recursive: true });
  }
  gitRepo(clone);
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!hasGit)('installing forbidlint', () => {
  it('npm pack prints only the tarball name and packs what runs and what it points to, nothing else', () => {
    // `npm pack` builds without devDependencies here: the copy has no node_modules.
    const pack = mustRun('npm', ['pack'], { cwd: clone });
    expect(pack.stdout).toBe(`forbidlint-${version}.tgz\n`);
    const tarball = path.join(clone, pack.stdout.trim());
    const files = mustRun('tar', ['-tzf', tarball]).stdout.trim().split('\n').map((f) => f.replace(/^package\//, ''));

    const shipped = (pattern: RegExp) => files.filter((f) => pattern.test(f));
    expect(files.filter((f) => !/^(dist\/(src|lint-rules)\/.*\.(c?js|d\.ts)|dist\/(package\.json|schema\/.*\.json)|lint-rules\/.*\/README\.md|docs\/[^/]+\.md|schema\/[^/]+\.json|native\/(package\.json|binding\.gyp|index\.cjs|src\/[^/]+\.c)|LICENSE|README\.md|package\.json)$/.test(f))).toEqual([]);
    expect(shipped(/\.map$|\.tsbuildinfo$|^dist\/(bench|test)\/|(^|\/)tests?\/|\.test\.(js|d\.ts)$/)).toEqual([]);
    for (const needed of ['LICENSE', 'README.md', 'package.json', 'dist/src/cli/forbidlint.cjs', 'dist/src/cli/bin.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/fs/walk-worker.js', 'dist/src/session/fleet-worker.js', 'dist/lint-rules/index.js', 'dist/schema/forbidlintrc.schema.json', 'schema/forbidlintrc.schema.json', 'docs/ci.md', 'docs/filesystem.md', 'docs/editors.md', 'native/package.json', 'native/binding.gyp', 'native/src/walk_native.c']) {
      expect(files).toContain(needed);
    }
    const ruleDocs = readdirSync(path.join(REPO, 'lint-rules'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('/README.md'));
    expect(ruleDocs.length).toBeGreaterThan(10);
    expect(shipped(/^lint-rules\/.*README\.md$/).sort()).toEqual(ruleDocs.map((f) => `lint-rules/${f}`).sort());

    // The tarball installs into an empty prefix and runs.
    const prefix = path.join(work, 'from-tarball');
    mustRun('npm', ['install', '--global', '--prefix', prefix, tarball], { cwd: work });
    expect(run(path.join(prefix, 'bin/forbidlint'), ['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    // The addon's sources came along and npm built them: the walk lists natively.
    if (canBuildAddon) expect(existsSync(path.join(prefix, 'lib/node_modules/forbidlint/native/build/Release/walk_native.node'))).toBe(true);
  }, 300_000);

  it('npm install -g git+file:// installs a working forbidlint into a fresh prefix', () => {
    const prefix = path.join(work, 'from-git');
    mustRun('npm', ['install', '--global', '--prefix', prefix, `git+file://${clone}`], { cwd: work });
    const bin = path.join(prefix, 'bin/forbidlint');
    expect(run(bin, ['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    // Every dependency is in place: linting loads the rules, picomatch and the rest.
    mkdirSync(path.join(work, 'site'));
    writeFileSync(path.join(work, 'site/nginx.conf'), PLANTED);
    const lint = run(bin, ['--no-fs', '-f', 'compact', 'nginx.conf'], { cwd: path.join(work, 'site') });
    expect(lint.stdout).toContain('nginx.conf: line 6, col 17, Error');
    expect(lint.stdout).toContain('(nginx/config-refused)');
    expect(lint.code).toBe(1);
  }, 300_000);

  it.skipIf(!hasPreCommit)('the pre-commit hook installs from the repository and fails a commit on a planted finding', () => {
    const project = path.join(work, 'project');
    mkdirSync(path.join(project, 'deploy'), { recursive: true });
    writeFileSync(path.join(project, 'deploy/nginx.conf'), PLANTED);
    mustRun('git', ['init', '-q'], { cwd: project });
    mustRun('git', ['add', '-A'], { cwd: project });
    const options = { cwd: project, env: { ...ENV, PRE_COMMIT_HOME: path.join(work, 'pre-commit-home') } };

    const failed = run('pre-commit', ['try-repo', clone, 'forbidlint', '--all-files'], options);
    expect(failed.stdout).toMatch(/^forbidlint\.+Failed$/m);
    expect(failed.stdout).toContain('deploy/nginx.conf');
    expect(failed.stdout).toContain('nginx/config-refused');
    expect(failed.code).toBe(1);

    // The same hook passes once the finding is fixed.
    writeFileSync(path.join(project, 'deploy/nginx.conf'), PLANTED.replace('autoindex maybe;', 'autoindex off;'));
    mustRun('git', ['add', '-A'], { cwd: project });
    const passed = run('pre-commit', ['try-repo', clone, 'forbidlint', '--all-files'], options);
    expect(passed.stdout).toMatch(/^forbidlint\.+Passed$/m);
    expect(passed.code).toBe(0);
  }, 300_000);
});
