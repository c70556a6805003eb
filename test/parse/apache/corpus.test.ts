import { appendFileSync, chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Directive, Node, ParsedConfig } from '../../../src/parse/ast.js';
import { isDirective } from '../../../src/parse/ast.js';
import { loadApacheConfig, parseApache } from '../../../src/parse/apache/index.js';
import { corpusServerRoots, validationRows } from '../../helpers/corpus.js';
import { CORPUS_DIR } from '../../helpers/shared-dir.js';

const rows = validationRows('apache');
const parsed = rows.filter((r) => ['full', 'snippet', 'htaccess'].includes(r.kind));
const skipped = rows.filter((r) => !parsed.includes(r));

describe('every Apache file of the corpus parses without a syntax error', () => {
  test('the validation list has the files this test expects', () => {
    expect(parsed.length).toBeGreaterThan(200);
  });

  test.each(parsed.map((r) => [r.file, r.kind] as const))('%s (%s)', (file, kind) => {
    const path = join(CORPUS_DIR, file);
    const source = readFileSync(path);
    const { nodes, diagnostics } = parseApache(source, path, { kind: kind === 'htaccess' ? 'htaccess' : 'main' });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(nodes.length > 0).toBe(source.toString().trim() !== '');
  });

  test.skip.each(skipped.map((r) => [r.file, r.kind] as const))('%s: skipped, the corpus marks it %s', () => {});
});

/** Active directives in reading order: inactive sections are skipped, includes entered. */
function activeDirectives(nodes: readonly Node[]): Directive[] {
  const out: Directive[] = [];
  const visit = (list: readonly Node[]) => {
    for (const node of list) {
      if (!isDirective(node) || node.inactive) continue;
      out.push(node);
      for (const inc of node.included ?? []) visit(inc.nodes);
      if (node.children) visit(node.children);
    }
  };
  visit(nodes);
  return out;
}

function values(config: ParsedConfig, name: string): string[][] {
  return activeDirectives(config.nodes)
    .filter((d) => d.lowerName === name.toLowerCase())
    .map((d) => d.args.map((a) => a.value));
}

function errors(config: ParsedConfig) {
  return config.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message} @${d.loc.file}:${d.loc.line}`);
}

/** Corpus folders copied to where they sit on a server, with Debian's `*-enabled` symlinks restored. */
const { serverRoot, removeAll } = corpusServerRoots('forbidlint-apache-corpus-');
afterAll(removeAll);

describe('whole configurations load with their includes and variables', () => {
  test('Debian apache2.conf: envvars, mods-enabled, conf-enabled, sites-enabled', () => {
    const config = loadApacheConfig('/etc/apache2/apache2.conf', { fs: serverRoot('apache/debian', 'etc/apache2') });
    expect(errors(config)).toEqual([]);
    expect(config.diagnostics.filter((d) => d.code === 'undefined-variable')).toEqual([]);
    expect(values(config, 'User')).toEqual([['www-data']]);
    expect(values(config, 'Group')).toEqual([['www-data']]);
    expect(values(config, 'PidFile')).toEqual([['/var/run/apache2/apache2.pid']]);
    expect(values(config, 'ErrorLog')).toEqual([['/var/log/apache2/error.log'], ['/var/log/apache2/error.log']]);
    expect(values(config, 'DefaultRuntimeDir')).toEqual([['/var/run/apache2']]);
    const files = config.files.map((f) => f.file);
    expect(files[0]).toBe('/etc/apache2/apache2.conf');
    expect(files).toContain('/etc/apache2/mods-enabled/mpm_event.load');
    expect(files).toContain('/etc/apache2/mods-enabled/dir.conf');
    expect(files).toContain('/etc/apache2/ports.conf');
    expect(files).toContain('/etc/apache2/conf-enabled/security.conf');
    expect(files).toContain('/etc/apache2/sites-enabled/000-default.conf');
    // mpm_event is loaded, so only its IfModule section is read; ssl is not enabled.
    expect(values(config, 'Listen')).toEqual([['80']]);
    expect(values(config, 'StartServers')).toEqual([['2']]);
    expect(values(config, 'DocumentRoot')).toEqual([['/var/www/html']]);
  });

  test('certbot complex_parsing: Define, IfDefine, IfModule, ${VAR} and directory includes take effect in order', () => {
    const config = loadApacheConfig('/etc/apache2/apache2.conf', {
      fs: serverRoot('apache/certbot-testdata/complex_parsing', 'etc/apache2'),
    });
    expect(errors(config)).toEqual([]);
    expect(activeDirectives(config.nodes).filter((d) => d.name.startsWith('INVALID'))).toEqual([]);
    // `<IfDefine !NOT_COMPLEX>` holds (nothing defines NOT_COMPLEX), so httpd reads its
    // `VAR_DIRECTIVE failure` too, whatever the file's wording suggests.
    expect(values(config, 'VAR_DIRECTIVE')).toEqual([['success'], ['failure']]);
    expect(values(config, 'MOD_DIRECTIVE')).toEqual([['Success'], ['Success']]);
    expect(values(config, 'NESTED_DIRECTIVE')).toEqual([['success'], ['success'], ['success']]);
    expect(values(config, 'TestVariablePort')).toEqual([['1234']]);
    expect(values(config, 'TestVariablePortStr')).toEqual([['1234']]);
    expect(values(config, 'TestArgsDirective').map((args) => args.length)).toEqual([1, 2, 1, 2, 3, 1]);
    // No envvars next to it: httpd warns about each ${APACHE_...} and keeps it verbatim.
    expect(values(config, 'User')).toEqual([['${APACHE_RUN_USER}']]);
    expect(config.diagnostics.filter((d) => d.code === 'undefined-variable').map((d) => d.message)).toContain(
      'Config variable ${APACHE_RUN_USER} is not defined',
    );
  });

  test('certbot complex_parsing: includes named by a Define and by fnmatch patterns, as certbot\'s own tests add them', () => {
    const fs = serverRoot('apache/certbot-testdata/complex_parsing', 'etc/apache2');
    const entry = join(fs.root, 'etc/apache2/apache2.conf');
    chmodSync(entry, 0o644);
    appendFileSync(entry, 'Include ${fnmatch_filename}\nInclude test_fnm?tch.conf\nInclude t[e]st_fnmatch.c*\nInclude /etc/apache2/*fnmatch*\n');
    const config = loadApacheConfig('/etc/apache2/apache2.conf', { fs });
    expect(errors(config)).toEqual([]);
    expect(values(config, 'FNMATCH_DIRECTIVE')).toEqual([['Success'], ['Success'], ['Success'], ['Success']]);
  });

  test.each([
    ['apache/certbot-testdata/debian_apache_2_4/augeas_vhosts/apache2', 'etc/apache2', '/etc/apache2/apache2.conf'],
    ['apache/certbot-testdata/debian_apache_2_4/default_vhost/apache2', 'etc/apache2', '/etc/apache2/apache2.conf'],
    ['apache/certbot-testdata/debian_apache_2_4/multi_vhosts/apache2', 'etc/apache2', '/etc/apache2/apache2.conf'],
    ['apache/certbot-testdata/debian_apache_2_4/multiple_vhosts/apache2', 'etc/apache2', '/etc/apache2/apache2.conf'],
    ['apache/certbot-testdata/centos7_apache/apache/httpd', 'etc/httpd', '/etc/httpd/conf/httpd.conf'],
    ['apache/certbot-testdata/gentoo_apache/apache/apache2', 'usr/lib64/apache2', '/usr/lib64/apache2/httpd.conf'],
    ['apache/h5bp', 'usr/local/apache2', '/usr/local/apache2/httpd.conf'],
  ])('%s loads with every include resolved', (corpusDir, at, entry) => {
    const config = loadApacheConfig(entry, { fs: serverRoot(corpusDir, at) });
    expect(errors(config)).toEqual([]);
    expect(config.files.length).toBeGreaterThan(1);
    expect(config.files.every((f) => f.file.startsWith(`/${at}/`))).toBe(true);
  });

  test('a missing non-optional include is reported at its Include line', () => {
    const config = loadApacheConfig('/etc/apache2/apache2.conf', {
      fs: serverRoot('apache/bad-bot-blocker/dev-tools/_conf_files_for_testing/apache2.4.34', 'etc/apache2'),
    });
    expect(config.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.loc.file, d.loc.line])).toEqual([
      ['include-not-found', '/etc/apache2/apache2.conf', 150],
    ]);
  });

  test('a missing envvars file named explicitly is reported', () => {
    const config = loadApacheConfig('/etc/apache2/apache2.conf', {
      fs: serverRoot('apache/certbot-testdata/complex_parsing', 'etc/apache2'),
      envvars: '/etc/apache2/envvars',
    });
    expect(config.diagnostics.filter((d) => d.code === 'envvars-unreadable').map((d) => d.loc.file)).toEqual(['/etc/apache2/envvars']);
  });
});
