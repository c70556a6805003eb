import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LiveFs } from '../../../src/fs/live-fs.js';
import type { Directive, Node, ParsedConfig } from '../../../src/parse/ast.js';
import { loadNginxConfig } from '../../../src/parse/nginx/index.js';

/**
 * Include expansion on real temp trees mounted as a server root (`--root`): the server path
 * `/etc/nginx/x` lives at `<root>/etc/nginx/x`, and nothing outside the root is ever read.
 */
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function serverTree(files: Record<string, string>): LiveFs {
  const root = mkdtempSync(join(tmpdir(), 'forbidlint-nginx-include-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return new LiveFs(root);
}

function problems(config: ParsedConfig): string[] {
  return config.diagnostics.map((d) => `${d.loc.file}:${d.loc.line}:${d.loc.column} ${d.code}: ${d.message}`);
}

function includeAt(nodes: readonly Node[], index: number): Directive {
  return nodes.filter((n): n is Directive => n.type === 'directive' && n.name === 'include')[index] as Directive;
}

describe('loadNginxConfig', () => {
  it('expands globs in byte order, relative paths against the prefix, depth first', () => {
    const fs = serverTree({
      'etc/nginx/nginx.conf': 'include conf.d/*.conf;\ninclude /etc/nginx/last;\n',
      'etc/nginx/conf.d/b.conf': 'b;\n',
      'etc/nginx/conf.d/B.conf': 'upper;\n',
      'etc/nginx/conf.d/a.conf': 'include nested/x;\n',
      'etc/nginx/conf.d/.hidden.conf': 'never;\n',
      'etc/nginx/conf.d/c.txt': 'never;\n',
      'etc/nginx/nested/x': 'x;\n',
      'etc/nginx/last': 'last;\n',
    });
    const config = loadNginxConfig('/etc/nginx/nginx.conf', { fs });
    expect(problems(config)).toEqual([]);
    expect(config.files.map((f) => f.file)).toEqual([
      '/etc/nginx/nginx.conf',
      '/etc/nginx/conf.d/B.conf',
      '/etc/nginx/conf.d/a.conf',
      '/etc/nginx/nested/x',
      '/etc/nginx/conf.d/b.conf',
      '/etc/nginx/last',
    ]);
    const glob = includeAt(config.nodes, 0);
    expect(glob.included?.map((i) => i.file)).toEqual(['/etc/nginx/conf.d/B.conf', '/etc/nginx/conf.d/a.conf', '/etc/nginx/conf.d/b.conf']);
    const nested = includeAt(glob.included?.[1]?.nodes ?? [], 0);
    expect(nested.included?.[0]?.nodes[0]?.loc).toEqual({ file: '/etc/nginx/nested/x', line: 1, column: 1, endLine: 1, endColumn: 3 });
  });

  it('reports a missing file, a cycle and a bad include at the include line; a glob matching nothing is fine', () => {
    const fs = serverTree({
      'etc/nginx/nginx.conf': 'include none/*.conf;\nhttp {\n  include missing.conf;\n  include loop.conf;\n}\ninclude;\n',
      'etc/nginx/loop.conf': '# comes back\n  include /etc/nginx/loop.conf;\n',
    });
    const config = loadNginxConfig('/etc/nginx/nginx.conf', { fs });
    expect(problems(config)).toEqual([
      '/etc/nginx/nginx.conf:3:3 include-not-found: open() "/etc/nginx/missing.conf" failed (2: No such file or directory)',
      '/etc/nginx/loop.conf:2:3 include-cycle: "/etc/nginx/loop.conf" includes itself (through this include), which nginx would follow forever',
      '/etc/nginx/nginx.conf:6:1 include-arguments: invalid number of arguments in "include" directive',
    ]);
    expect(includeAt(config.nodes, 0).included).toEqual([]);
  });

  it('never leaves the root: absolute includes and symlinks resolve inside it', () => {
    const main = 'include /etc/passwd-like;\ninclude sites/*;\ninclude escape;\n';
    const fs = serverTree({ 'etc/nginx/nginx.conf': main, 'etc/passwd-like': 'inside;\n' });
    mkdirSync(join(fs.root, 'etc/nginx/sites'));
    symlinkSync('../../../../../../etc/passwd-like', join(fs.root, 'etc/nginx/sites/up'));
    // The host's /etc/passwd exists; the server's does not.
    symlinkSync('/etc/passwd', join(fs.root, 'etc/nginx/escape'));
    const config = loadNginxConfig('/etc/nginx/nginx.conf', { fs });
    expect(problems(config)).toEqual(['/etc/nginx/nginx.conf:3:1 include-not-found: open() "/etc/nginx/escape" failed (2: No such file or directory)']);
    expect(config.files.map((f) => f.text)).toEqual([main, 'inside;\n', 'inside;\n']);
  });

  it('reads a file included in a map as map entries', () => {
    const fs = serverTree({
      'etc/nginx/nginx.conf': 'http {\n  map $uri $x {\n    include redirects.map;\n  }\n}\n',
      'etc/nginx/redirects.map': 'server 1;\n~^/a{2} 2;\n',
    });
    expect(problems(loadNginxConfig('/etc/nginx/nginx.conf', { fs }))).toEqual(['/etc/nginx/redirects.map:2:5 unexpected-open: unexpected "{"']);
  });

  it('reports the problems of a file included twice once', () => {
    const fs = serverTree({ 'etc/nginx/nginx.conf': 'include params;\ninclude params;\n', 'etc/nginx/params': 'a "b"c;\n' });
    const config = loadNginxConfig('/etc/nginx/nginx.conf', { fs });
    expect(problems(config)).toEqual(['/etc/nginx/params:1:6 unexpected-character: unexpected "c"']);
    expect(config.files.map((f) => f.file)).toEqual(['/etc/nginx/nginx.conf', '/etc/nginx/params']);
    expect(includeAt(config.nodes, 1).included?.[0]?.nodes).toHaveLength(1);
  });

  it('reads an included file in the context of its include: `server` needs no block inside upstream', () => {
    const fs = serverTree({
      'etc/nginx/nginx.conf': 'http {\n  upstream app { include backends; }\n  include servers;\n}\n',
      'etc/nginx/backends': 'server 127.0.0.1:8080;\n',
      'etc/nginx/servers': 'server;\n',
    });
    expect(problems(loadNginxConfig('/etc/nginx/nginx.conf', { fs }))).toEqual(['/etc/nginx/servers:1:7 missing-opening-brace: directive "server" has no opening "{"']);
  });

  it('refuses files over maxFileBytes without reading them, and can leave includes alone', () => {
    const fs = serverTree({ 'etc/nginx/nginx.conf': 'include big.conf;\n', 'etc/nginx/big.conf': `${'x;\n'.repeat(1000)}` });
    expect(problems(loadNginxConfig('/etc/nginx/nginx.conf', { fs, maxFileBytes: 1000 }))).toEqual([
      '/etc/nginx/nginx.conf:1:1 file-too-large: "/etc/nginx/big.conf" is 3000 bytes, more than the 1000-byte limit for a configuration file; not read',
    ]);
    const alone = loadNginxConfig('/etc/nginx/nginx.conf', { fs, followIncludes: false });
    expect(alone.files.map((f) => f.file)).toEqual(['/etc/nginx/nginx.conf']);
    expect(includeAt(alone.nodes, 0).included).toBeUndefined();
  });

  it('refuses a 100 MB include by default, before reading it', () => {
    const fs = serverTree({ 'etc/nginx/nginx.conf': 'include huge.conf;\n', 'etc/nginx/huge.conf': '' });
    // Sparse: 100 MB of size, no data written.
    truncateSync(join(fs.root, 'etc/nginx/huge.conf'), 100 * 1024 * 1024);
    expect(problems(loadNginxConfig('/etc/nginx/nginx.conf', { fs }))).toEqual([
      '/etc/nginx/nginx.conf:1:1 file-too-large: "/etc/nginx/huge.conf" is 104857600 bytes, more than the 67108864-byte limit for a configuration file; not read',
    ]);
  });

  it('reports an unreadable entry as a diagnostic', () => {
    const config = loadNginxConfig('/etc/nginx/nginx.conf', { fs: serverTree({}) });
    expect(config.nodes).toEqual([]);
    expect(problems(config)).toEqual(['/etc/nginx/nginx.conf:1:1 file-unreadable: open() "/etc/nginx/nginx.conf" failed (2: No such file or directory)']);
  });

  it('takes the prefix from options', () => {
    const fs = serverTree({ 'etc/nginx/nginx.conf': 'include snippets/a;\n', 'usr/share/nginx/snippets/a': 'a;\n' });
    const config = loadNginxConfig('/etc/nginx/nginx.conf', { fs, prefix: '/usr/share/nginx' });
    expect(problems(config)).toEqual([]);
    expect(config.files.map((f) => f.file)).toEqual(['/etc/nginx/nginx.conf', '/usr/share/nginx/snippets/a']);
  });
});
