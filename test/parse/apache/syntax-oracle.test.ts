import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Directive, Node, ParseDiagnostic } from '../../../src/parse/ast.js';
import { LiveFs } from '../../../src/fs/live-fs.js';
import { loadApacheConfig } from '../../../src/parse/apache/index.js';

/**
 * Each fixture is checked by the real `apache2 -t`, included from a minimal server config in
 * a temp ServerRoot (-t reads the config and binds nothing). The file name says what httpd
 * does with it: `valid-*` passes, `syntax-*` fails for its syntax, `invalid-command-*` fails
 * with "Invalid command" (a typo or a missing module, not a syntax error for us). We must
 * report a syntax error exactly for the `syntax-*` ones, at the line httpd names.
 */
const FIXTURES = resolve('fixtures/syntax/apache');
const MODULES = '/usr/lib/apache2/modules';
const LOADED = ['mpm_prefork', 'authz_core', 'authz_host', 'alias', 'headers', 'setenvif'];
const SYNTAX_CODES = new Set(['unclosed-section', 'unexpected-close', 'mismatched-close', 'malformed-close', 'section-missing-bracket']);

type Verdict = 'valid' | 'syntax' | 'invalid-command';

const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.conf')).sort();

let serverRoot: string;
beforeAll(() => {
  serverRoot = mkdtempSync(join(tmpdir(), 'forbidlint-apache-oracle-'));
});
afterAll(() => {
  rmSync(serverRoot, { recursive: true, force: true });
});

function expectedVerdict(fixture: string): Verdict {
  if (fixture.startsWith('valid-')) return 'valid';
  if (fixture.startsWith('syntax-')) return 'syntax';
  if (fixture.startsWith('invalid-command-')) return 'invalid-command';
  throw new Error(`fixture ${fixture} needs a valid-, syntax- or invalid-command- prefix`);
}

/** A server config around the fixture; its name is per fixture so runs do not share files. */
function wrapperFor(fixture: string): string {
  const wrapper = join(serverRoot, `${fixture}.main.conf`);
  writeFileSync(
    wrapper,
    [
      `PidFile ${serverRoot}/httpd.pid`,
      `ErrorLog ${serverRoot}/error.log`,
      `DefaultRuntimeDir ${serverRoot}`,
      'ServerName localhost',
      ...LOADED.map((m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`),
      `Include ${join(FIXTURES, fixture)}`,
      '',
    ].join('\n'),
  );
  return wrapper;
}

interface HttpdAnswer {
  verdict: Verdict;
  /** The innermost "Syntax error on line N of FILE". */
  line?: number;
  file?: string;
  message: string;
}

function runHttpd(wrapper: string): HttpdAnswer {
  const result = spawnSync('apache2', ['-t', '-d', serverRoot, '-f', wrapper], { encoding: 'utf8', timeout: 20_000 });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status === 0) return { verdict: 'valid', message: output };
  const places = [...output.matchAll(/Syntax error on line (\d+) of ([^:\n]+):\s*/g)];
  const last = places[places.length - 1];
  const message = last ? output.slice((last.index ?? 0) + last[0].length).trim() : output;
  return {
    verdict: message.startsWith('Invalid command') ? 'invalid-command' : 'syntax',
    ...(last ? { line: Number(last[1]), file: last[2] } : {}),
    message,
  };
}

/** Sections the loader marked inactive, anywhere in the tree. */
function inactiveSections(nodes: readonly Node[]): Directive[] {
  const found: Directive[] = [];
  for (const node of nodes) {
    if (node.type !== 'directive') continue;
    if (node.inactive) found.push(node);
    for (const inc of node.included ?? []) found.push(...inactiveSections(inc.nodes));
    if (node.children) found.push(...inactiveSections(node.children));
  }
  return found;
}

/**
 * httpd names the line it stopped on: the line of our diagnostic (the last one of a continued
 * line), or, for an error inside a skipped section, the line of that section (ap_soak_end_container
 * reports through the directive that started skipping).
 */
function namesSameLine(line: number, diagnostic: ParseDiagnostic, skipped: readonly Directive[]): boolean {
  const { loc } = diagnostic;
  if (loc.line <= line && line <= loc.endLine) return true;
  return skipped.some((s) => s.loc.file === loc.file && s.nameLoc.line === line && s.loc.line <= loc.line && loc.line <= s.loc.endLine);
}

describe('syntax errors agree with apache2 -t', () => {
  test('there are enough fixtures of each kind', () => {
    const kinds = fixtures.map(expectedVerdict);
    expect(kinds.length).toBeGreaterThanOrEqual(25);
    expect(kinds.filter((k) => k === 'syntax').length).toBeGreaterThanOrEqual(10);
    expect(kinds.filter((k) => k === 'valid').length).toBeGreaterThanOrEqual(10);
  });

  test.each(fixtures)('%s', (fixture) => {
    const wrapper = wrapperFor(fixture);
    const httpd = runHttpd(wrapper);
    expect(httpd.verdict, httpd.message).toBe(expectedVerdict(fixture));

    const config = loadApacheConfig(wrapper, { fs: new LiveFs('/'), serverRoot, envvars: {} });
    const fixturePath = join(FIXTURES, fixture);
    const syntaxErrors = config.diagnostics.filter((d) => d.severity === 'error' && SYNTAX_CODES.has(d.code));

    if (httpd.verdict !== 'syntax') {
      expect(syntaxErrors).toEqual([]);
      if (httpd.verdict === 'valid') expect(config.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      return;
    }
    expect(httpd.file).toBe(fixturePath);
    const skipped = inactiveSections(config.nodes);
    const atHttpdLine = syntaxErrors.filter((d) => d.loc.file === fixturePath && namesSameLine(httpd.line as number, d, skipped));
    expect(atHttpdLine, `httpd: line ${httpd.line}: ${httpd.message}`).not.toEqual([]);
  });
});
