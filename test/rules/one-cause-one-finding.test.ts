import { describe, expect, it } from 'vitest';
import fsUnreadable from '../../lint-rules/fs/unreadable-by-web-user/index.js';
import nginxDenyAll from '../../lint-rules/nginx/deny-all/index.js';
import nginxRootUnreachable from '../../lint-rules/nginx/root-unreachable/index.js';
import serverRootForbidden from '../../lint-rules/server/root-forbidden/index.js';
import { lintCase } from '../helpers/rule-tester.js';

/** The rules that could each claim the same 403 report it once between them, at the rule that owns its cause. */
const rules = [fsUnreadable, nginxRootUnreachable, serverRootForbidden, nginxDenyAll];
const config = (inner: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${inner}    }\n}\n`;
const tree = (srv: string, www: string, index: string): string => `
entries:
  - { path: /srv, type: dir, mode: '${srv}' }
  - { path: /srv/www, type: dir, mode: '${www}' }
  - { path: /srv/www/index.html, type: file, mode: '${index}', content: "hi\\n" }
`;

describe('one cause, one finding', () => {
  it.each([
    ['an unreadable index', config(''), tree('0755', '0755', '0600'), ['fs/unreadable-by-web-user /srv/www/index.html']],
    ['a root the web user cannot search', config(''), tree('0755', '0700', '0644'), ['nginx/root-unreachable /srv/www']],
    ['a parent of the root the web user cannot search', config(''), tree('0700', '0755', '0644'), ['nginx/root-unreachable /srv']],
    ['deny all on the whole server', config('        deny all;\n'), tree('0755', '0755', '0644'), ['nginx/deny-all']],
  ])('%s', async (_name, text, caseTree, expected) => {
    const findings = await lintCase(rules, { dialect: 'nginx', config: text, tree: caseTree });
    expect(findings.map((f) => `${f.ruleId}${f.path ? ` ${f.path}` : ''}`)).toEqual(expected);
  });
});
