import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveFs } from '../../../src/fs/live-fs.js';
import { loadApacheConfig } from '../../../src/parse/apache/index.js';
import { validateApache } from '../../../src/validate/apache/validate.js';

/**
 * The validator against the real `apache2 -t`: each fixture in fixtures/validity/apache/ is
 * included from a server config that loads Debian's default modules plus rewrite and headers
 * (not expires); ours must refuse exactly what httpd refuses, with httpd's message, at the line
 * and in the file httpd names, and accept what it accepts.
 */
const APACHE = '/usr/sbin/apache2';
const FIXTURES = join(import.meta.dirname, '../../../fixtures/validity/apache');
const MODULES = ['mpm_event', 'access_compat', 'alias', 'auth_basic', 'authn_core', 'authn_file', 'authz_core', 'authz_host', 'authz_user', 'autoindex', 'deflate', 'dir', 'env', 'filter', 'mime', 'negotiation', 'reqtimeout', 'setenvif', 'status', 'rewrite', 'headers'];
const fixtures = readdirSync(FIXTURES).sort();

let state: string;
beforeAll(() => {
  state = mkdtempSync(join(tmpdir(), 'forbidlint-apache-validity-'));
});
afterAll(() => rmSync(state, { recursive: true, force: true }));

function wrapper(fixture: string): string {
  const file = join(state, `${fixture}.main.conf`);
  const loads = MODULES.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`);
  writeFileSync(file, [`PidFile ${state}/pid`, `ErrorLog ${state}/error.log`, `DefaultRuntimeDir ${state}`, 'ServerName localhost', ...loads, `Include ${join(FIXTURES, fixture)}`, ''].join('\n'));
  return file;
}

describe.skipIf(!existsSync(APACHE) || process.getuid?.() !== 0)('apache2 -t and the validator agree', () => {
  it('has cases of every kind', () => {
    expect(fixtures.every((f) => /^(valid|refused)-[a-z0-9-]+\.conf$/.test(f))).toBe(true);
    expect(fixtures.filter((f) => f.startsWith('refused-')).length).toBeGreaterThanOrEqual(10);
  });

  it.each(fixtures)('%s', (fixture) => {
    const main = wrapper(fixture);
    const run = spawnSync(APACHE, ['-t', '-f', main], { encoding: 'utf8' });
    const error = /^AH00526: Syntax error on line (\d+) of (\S+):\n(.*)$/m.exec(run.stderr);
    const ours = validateApache(loadApacheConfig(main, { fs: new LiveFs('/') }).nodes);

    expect(run.status === 0 ? 'valid' : 'refused', run.stderr).toBe(fixture.startsWith('valid-') ? 'valid' : 'refused');
    if (run.status === 0) {
      expect(ours.map((r) => r.message)).toEqual([]);
    } else {
      expect(error, run.stderr).not.toBeNull();
      const [, line, file, message] = error as RegExpExecArray;
      expect(ours[0]?.message).toBe(message);
      expect(ours[0]?.directive.nameLoc.line).toBe(Number(line));
      expect(ours[0]?.directive.nameLoc.file).toBe(file);
    }
    expect(readFileSync(join(FIXTURES, fixture), 'utf8').length).toBeGreaterThan(0);
  });
});
