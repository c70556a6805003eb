#!/usr/bin/env node
// Writes src/validate/apache/directive-contexts.ts: for each directive of the modules a Debian
// apache2 usually loads, what `apache2 -t` says when the directive stands at server level, in a
// <VirtualHost>, a <Directory>, a <Location> or a <Files> section. httpd's wording differs by
// module ("not allowed here", "not allowed in <Directory> context", "cannot occur within directory
// context"), so each message is the one the real server printed, not a guess from its flags.
// Needs Debian's apache2 (run as root):
//
//   node scripts/generate-apache-directive-contexts.mjs > src/validate/apache/directive-contexts.ts
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const APACHE = '/usr/sbin/apache2';
/** Debian's default set (`a2enmod` state after install) and the modules sites most often enable. */
const MODULES = [
  'access_compat', 'alias', 'auth_basic', 'authn_core', 'authn_file', 'authz_core', 'authz_host', 'authz_user',
  'autoindex', 'deflate', 'dir', 'env', 'filter', 'mime', 'mpm_event', 'negotiation', 'reqtimeout', 'setenvif',
  'status', 'rewrite', 'headers', 'expires', 'ssl', 'socache_shmcb', 'proxy', 'proxy_http', 'proxy_fcgi',
  'remoteip', 'userdir', 'cgid', 'actions', 'include', 'info', 'authz_groupfile', 'auth_digest',
];
const CONTEXTS = {
  server: (body) => body,
  virtualhost: (body) => `<VirtualHost 127.0.0.1:20990>\n${body}\n</VirtualHost>`,
  directory: (body) => `<Directory /tmp>\n${body}\n</Directory>`,
  location: (body) => `<Location />\n${body}\n</Location>`,
  files: (body) => `<Files x>\n${body}\n</Files>`,
};
const SECTION_ARGUMENTS = { virtualhost: '127.0.0.1:20991', directory: '/tmp', directorymatch: '^/tmp', location: '/', locationmatch: '^/', files: 'x', filesmatch: 'x', limit: 'GET', limitexcept: 'GET', if: '"true"', elseif: '"true"', proxy: '*', proxymatch: '.', ifmodule: 'x', ifdefine: 'x', ifversion: '2', iffile: 'x', ifdirective: 'x', ifsection: 'x' };
const CONTEXT_REFUSAL = /not allowed here|not allowed in|cannot occur within|only valid in/i;

const work = mkdtempSync(join(tmpdir(), 'forbidlint-apache-L-'));
const loads = MODULES.map((m) => readFileSync(`/etc/apache2/mods-available/${m}.load`, 'utf8')).join('');
const head = `ServerRoot /etc/apache2\n${loads}ServerName localhost\nErrorLog ${work}/error.log\nPidFile ${work}/pid\nListen 127.0.0.1:20990\n`;

async function check(name, body, id) {
  const file = join(work, `${id}.conf`);
  writeFileSync(file, `${head}${body}\n`);
  const { stderr } = await run(APACHE, ['-t', '-f', file], { env: { ...process.env, APACHE_RUN_DIR: work, APACHE_LOCK_DIR: work, APACHE_LOG_DIR: work } }).catch((e) => e);
  const lines = String(stderr).split('\n').filter((l) => l && !l.startsWith('AH00526') && !l.startsWith('Syntax OK'));
  return lines[0] ?? null;
}

function directiveText(name, args, wrap) {
  const lower = name.toLowerCase();
  if (name.startsWith('<')) return `${name} ${SECTION_ARGUMENTS[lower.slice(1)] ?? 'x'}>\n</${name.slice(1)}>`;
  return wrap ? `${name} ${args}` : name;
}

writeFileSync(join(work, 'head.conf'), head);
const { stdout } = await run(APACHE, ['-f', join(work, 'head.conf'), '-L']);
const names = [...new Set(stdout.split('\n').filter((l) => /^[<A-Za-z]/.test(l)).map((l) => l.split(' ')[0]))].sort((a, b) => a.localeCompare(b));

let counter = 0;
async function contextsOf(name) {
  const row = {};
  for (const [context, wrap] of Object.entries(CONTEXTS)) {
    // Refusals by context come before argument checks for most directives; for the rest, try
    // argument forms until one is accepted or refused for where it stands. A refusal is kept
    // only if no other form is accepted or refused in other words there (mod_alias's one- and
    // two-argument forms answer differently in a <Directory>).
    const forms = name.startsWith('<') ? [''] : ['', 'x', '/tmp', 'x x', 'On'];
    let message = null;
    for (const args of forms) {
      const said = await check(name, wrap(args === '' ? directiveText(name, '', false) : directiveText(name, args, true)), counter++);
      if (said === null) {
        message = null;
        break;
      }
      if (!CONTEXT_REFUSAL.test(said)) continue;
      if (message !== null && said !== message) {
        message = null;
        break;
      }
      message = said;
    }
    if (message !== null) row[context] = message;
  }
  return row;
}

const rows = [];
const queue = [...names];
async function worker() {
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const row = await contextsOf(name);
    if (Object.keys(row).length > 0) rows.push([name.toLowerCase(), row]);
  }
}
await Promise.all([worker(), worker()]);
rmSync(work, { recursive: true, force: true });
rows.sort((a, b) => a[0].localeCompare(b[0]));

process.stdout.write(`// Generated by scripts/generate-apache-directive-contexts.mjs with Debian's apache2: do not edit.
// For each directive (lowercase; sections with their \`<\`) of the modules a Debian apache2 usually
// loads, what \`apache2 -t\` says where it stands in a context that does not take it.

export type ApacheContext = 'server' | 'virtualhost' | 'directory' | 'location' | 'files';

export const CONTEXT_REFUSALS: ReadonlyMap<string, Readonly<Partial<Record<ApacheContext, string>>>> = new Map([
${rows.map(([name, row]) => `  [${JSON.stringify(name)}, ${JSON.stringify(row)}],`).join('\n')}
]);

/** Every directive the table was made with: a name outside it is not judged by context. */
export const CHECKED_MODULES: readonly string[] = ${JSON.stringify(MODULES)};
`);
