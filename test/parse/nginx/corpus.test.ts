import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LiveFs } from '../../../src/fs/live-fs.js';
import type { ParsedConfig } from '../../../src/parse/ast.js';
import { loadNginxConfig, parseNginx } from '../../../src/parse/nginx/index.js';
import { describeDiagnostic } from './summarize.js';
import { corpusServerRoots, symlinkTarget, validationRows } from '../../helpers/corpus.js';
import { CORPUS_DIR } from '../../helpers/shared-dir.js';

/**
 * The real configurations of the corpus, against what Debian's nginx 1.22 said of each
 * (VALIDATION-nginx.tsv): a file nginx loaded, or refused for a reason other than syntax (unknown
 * log format, module not built in, missing certificate...), reads with no diagnostic; a file
 * nginx refused for a syntax reason gets that same error first, at the same line.
 */

const rows = validationRows('nginx');

/** nginx's wording for what its tokenizer and `ngx_conf_handler` reject before any module runs. */
const SYNTAX_ERROR = /^(unexpected |directive "[^"]*" (has no opening|is not terminated)|too long parameter)/;

describe('every corpus file nginx reads, parsed alone in the context nginx was given', () => {
  const syntaxOnly = rows.filter((row) => row.kind !== 'not-nginx-syntax');

  it('covers the whole validation table', () => {
    expect(rows.length).toBe(626);
    expect(rows.filter((row) => row.kind === 'not-nginx-syntax').map((row) => row.file)).toEqual([
      'nginx/certbot-testdata/etc_nginx/ubuntu_nginx_1_4_6/default_vhost/nginx/naxsi-ui.conf.1.4.1',
      'nginx/crossplane-tests/includes-globbed/servers/locations/not-included.conf',
      'nginx/crossplane-tests/includes-regular/conf.d/bar.conf',
      'nginx/crossplane-tests/includes-regular/conf.d/foo.conf',
    ]);
  });

  it.each(syntaxOnly)('$file ($status)', ({ file, kind, context, error }) => {
    const path = join(CORPUS_DIR, file);
    const target = symlinkTarget(path);
    const source = target === undefined ? path : join(dirname(path), target);
    const result = parseNginx(readFileSync(source), file, { context: kind === 'full' ? 'main' : context });
    const found = result.diagnostics.map(describeDiagnostic);
    if (SYNTAX_ERROR.test(error)) {
      const line = /:(\d+)$/.exec(error)?.[1];
      const message = error.replace(/ t\/.*$/, '');
      expect(found[0]).toMatch(new RegExp(`^${line}:\\d+ [a-z-]+: ${escapeRegExp(message)}$`));
    } else {
      expect(found).toEqual([]);
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const { serverRoot, removeAll } = corpusServerRoots('forbidlint-nginx-corpus-');
afterAll(removeAll);

function filesRead(config: ParsedConfig, under: string): string[] {
  return config.files.map((f) => f.file.replace(under, ''));
}

describe('whole configurations load with their includes', () => {
  it('Debian: absolute includes under /etc/nginx, an empty modules-enabled glob, sites-enabled symlink', () => {
    const config = loadNginxConfig('/etc/nginx/nginx.conf', { fs: serverRoot('nginx/debian', 'etc/nginx') });
    expect(config.diagnostics).toEqual([]);
    expect(filesRead(config, '/etc/nginx/')).toEqual(['nginx.conf', 'mime.types', 'sites-enabled/default']);
    const sitesInclude = config.nodes
      .flatMap((n) => (n.type === 'directive' && n.name === 'http' ? (n.children ?? []) : []))
      .find((n) => n.type === 'directive' && n.args[0]?.value === '/etc/nginx/sites-enabled/*');
    expect(sitesInclude?.type === 'directive' && sitesInclude.included?.map((i) => i.file)).toEqual(['/etc/nginx/sites-enabled/default']);
  });

  it('certbot-lots: 75 sites-enabled files in glob order, each keeping its own file name', () => {
    const config = loadNginxConfig('/etc/nginx/nginx.conf', { fs: serverRoot('nginx/certbot-lots', 'etc/nginx') });
    expect(config.diagnostics).toEqual([]);
    const sites = filesRead(config, '/etc/nginx/').filter((f) => f.startsWith('sites-enabled/'));
    expect(sites).toHaveLength(readdirSync(join(CORPUS_DIR, 'nginx/certbot-lots/sites-enabled')).length);
    expect(sites).toEqual([...sites].sort());
    for (const file of config.files) expect(file.nodes.every((n) => n.loc.file === file.file)).toBe(true);
  });

  it('certbot etc_nginx: relative includes at main, http and server level, sites-enabled/* in byte order', () => {
    const dir = join(CORPUS_DIR, 'nginx/certbot-testdata/etc_nginx');
    const config = loadNginxConfig(join(dir, 'nginx.conf'), { fs: new LiveFs() });
    expect(config.diagnostics).toEqual([]);
    expect(filesRead(config, `${dir}/`)).toEqual([
      'nginx.conf',
      'foo.conf',
      'mime.types',
      ...readdirSync(join(dir, 'sites-enabled')).sort().map((f) => `sites-enabled/${f}`),
      'server.conf',
    ]);
  });

  it("certbot's Ubuntu 1.4.6 tree: absolute includes under /etc/nginx, a conf.d glob with no directory", () => {
    const config = loadNginxConfig('/etc/nginx/nginx.conf', { fs: serverRoot('nginx/certbot-testdata/etc_nginx/ubuntu_nginx_1_4_6/default_vhost/nginx', 'etc/nginx') });
    expect(config.diagnostics).toEqual([]);
    expect(filesRead(config, '/etc/nginx/')).toEqual(['nginx.conf', 'mime.types', 'sites-enabled/default']);
  });

  it('crossplane includes-globbed: nested globs resolve against the conf prefix, never reaching servers/locations/', () => {
    const dir = join(CORPUS_DIR, 'nginx/crossplane-tests/includes-globbed');
    const config = loadNginxConfig(join(dir, 'nginx.conf'), { fs: new LiveFs() });
    expect(config.diagnostics).toEqual([]);
    expect(filesRead(config, `${dir}/`)).toEqual([
      'nginx.conf',
      'http.conf',
      'servers/server1.conf',
      'locations/location1.conf',
      'locations/location2.conf',
      'servers/server2.conf',
    ]);
  });

  it('crossplane includes-regular: foo.conf and bar.conf resolve against the prefix, not conf.d/', () => {
    const dir = join(CORPUS_DIR, 'nginx/crossplane-tests/includes-regular');
    const config = loadNginxConfig(join(dir, 'nginx.conf'), { fs: new LiveFs() });
    expect(filesRead(config, `${dir}/`)).toEqual(['nginx.conf', 'conf.d/server.conf', 'foo.conf']);
    // bar.conf exists only in conf.d/: nginx fails on it (the validation stubbed it).
    expect(config.diagnostics.map((d) => `${d.loc.file.replace(`${dir}/`, '')}:${d.loc.line}:${d.loc.column} ${d.code}: ${d.message}`)).toEqual([
      `conf.d/server.conf:5:5 include-not-found: open() "${dir}/bar.conf" failed (2: No such file or directory)`,
    ]);
  });

  it.each([
    {
      name: 'h5bp',
      dir: 'nginx/h5bp',
      // glob(3) skips dot files: conf.d/.default.conf is the template nginx never reads.
      files: [
        'nginx.conf',
        'h5bp/security/server_software_information.conf',
        'h5bp/media_types/media_types.conf',
        'mime.types',
        'h5bp/media_types/character_encodings.conf',
        'h5bp/web_performance/compression.conf',
        'h5bp/web_performance/cache_expiration.conf',
        'conf.d/no-ssl.default.conf',
      ],
    },
    { name: "nginx's own conf/", dir: 'nginx/nginx-src/conf', files: ['nginx.conf', 'mime.types'] },
  ])('$name: relative includes and globs from the conf prefix', ({ dir, files }) => {
    const config = loadNginxConfig(join(CORPUS_DIR, dir, 'nginx.conf'), { fs: new LiveFs() });
    expect(config.diagnostics).toEqual([]);
    expect(filesRead(config, `${join(CORPUS_DIR, dir)}/`)).toEqual(files);
  });
});
