import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NGINX_BINARY, nginxMainConfig } from '../helpers/nginx-server.js';
import { runCli, tempTree } from '../cli/run-cli.js';
import { dumpFs, isNginxDump, splitNginxDump } from '../../src/parse/nginx/dump.js';

/**
 * `nginx -T` output made by the real nginx on a configuration with includes (a glob, a
 * relative include of the prefix, a file without a final newline): split back into files, it
 * lints to exactly what the configuration itself lints to, with its paths and lines.
 */
const tree = tempTree({});
chmodSync(tree.dir, 0o755);
const conf = path.join(tree.dir, 'etc/nginx');
const site = `server {
    listen 127.0.0.1:21000;
    server_name shop.example.com;
    root ${tree.dir}/www;
    location /static {
        alias ${tree.dir}/www/static/;
    }
    location /admin/ {
        deny all;
    }
    include snippets/extra.conf;
}
`;
for (const [name, text] of Object.entries({
  'etc/nginx/nginx.conf': nginxMainConfig(tree.dir, { http: `    include ${conf}/sites-enabled/*.conf;` }),
  'etc/nginx/sites-enabled/shop.conf': site,
  'etc/nginx/snippets/extra.conf': 'location /private/ {\n    deny all;\n}',
  'www/index.html': 'shop\n',
  'www/static/app.css': 'body {}\n',
})) {
  execFileSync('mkdir', ['-p', path.dirname(path.join(tree.dir, name))]);
  writeFileSync(path.join(tree.dir, name), text);
}
afterAll(() => tree.cleanup());

const haveNginx = existsSync(NGINX_BINARY);
/** What nginx -T prints: its stdout, preceded by its stderr lines, as `2>&1` captures them. */
function nginxDump(): string {
  const stdout = execFileSync(NGINX_BINARY, ['-T', '-p', `${conf}/`, '-c', `${conf}/nginx.conf`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return `nginx: the configuration file ${conf}/nginx.conf syntax is ok\nnginx: configuration file ${conf}/nginx.conf test is successful\n${stdout}`;
}

type Results = { filePath: string; messages: { ruleId: string | null; line: number; column: number; message: string }[] }[];
async function lint(args: readonly string[], stdin?: string): Promise<Results> {
  const run = await runCli(['--format', 'json', ...args], { cwd: tree.dir, ...(stdin !== undefined ? { stdin } : {}) });
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as Results).filter((r) => r.messages.length > 0).map((r) => ({ filePath: r.filePath, messages: r.messages.map(({ ruleId, line, column, message }) => ({ ruleId, line, column, message })) }));
}

describe.skipIf(!haveNginx)('an nginx -T dump', () => {
  it('splits back into the very files nginx read', () => {
    const dump = splitNginxDump(nginxDump());
    expect(dump?.main).toBe(`${conf}/nginx.conf`);
    expect([...(dump?.files.keys() ?? [])]).toEqual([`${conf}/nginx.conf`, `${conf}/sites-enabled/shop.conf`, `${conf}/snippets/extra.conf`]);
    expect(dump?.files.get(`${conf}/sites-enabled/shop.conf`)).toBe(site);
    expect(dump?.files.get(`${conf}/snippets/extra.conf`)).toBe('location /private/ {\n    deny all;\n}');
    const fs = dumpFs(dump as NonNullable<typeof dump>);
    expect(fs.readdir(`${conf}/sites-enabled`)).toEqual({ ok: true, value: ['shop.conf'] });
    expect(fs.stat('/etc/nginx/nginx.conf').ok).toBe(false);
    expect(isNginxDump(site)).toBe(false);
  });

  it('lints as a file or on stdin to what the configuration lints to, with its paths and lines', async () => {
    const full = await lint([`${conf}/nginx.conf`]);
    expect(full.map((r) => path.relative(conf, r.filePath))).toEqual(['sites-enabled/shop.conf', 'snippets/extra.conf']);
    expect(full[0]?.messages.map((m) => m.ruleId)).toEqual(expect.arrayContaining(['nginx/alias-traversal', 'nginx/deny-all']));
    const dumpFile = path.join(tree.dir, 'nginx-T.txt');
    writeFileSync(dumpFile, nginxDump());
    expect(await lint([dumpFile])).toEqual(full);
    expect(await lint(['--stdin'], nginxDump())).toEqual(full);
  });
});
