import { describe, expect, it } from 'vitest';
import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { httpdCanRead } from '../../../src/fs/selinux.js';
import rule from './index.js';
import { NGINX_SITE as config, NGINX_SERVER as server, ROOT_SPAN as root } from '../tests/site.js';

const ENFORCING = 'SELINUX=enforcing\\nSELINUXTYPE=targeted\\n';
const label = (type: string): string => `system_u:object_r:${type}:s0`;
/** A RHEL-like tree: the config says `selinux`, the served files carry the given labels. */
const tree = (selinux: string, entries: string, extra = ''): string => `
entries:
  - { path: /etc/selinux/config, type: file, content: "${selinux}" }
  - { path: /srv/www, type: dir, mode: '0755', context: '${label('httpd_sys_content_t')}' }
  - { path: /srv/www/index.html, type: file, mode: '0644', context: '${label('httpd_sys_content_t')}' }
${entries}${extra}`;
const moved = "  - { path: /srv/www/report.html, type: file, mode: '0644', context: 'unconfined_u:object_r:user_home_t:s0' }\n";
const source = '/etc/selinux/config (SELINUX=enforcing)';

runRuleTests(rule, {
  valid: [
    { name: 'web content types', dialect: 'nginx', config, tree: tree(ENFORCING, `  - { path: /srv/www/up, type: dir, context: '${label('httpd_sys_rw_content_t')}' }\n  - { path: /srv/www/pub.txt, type: file, context: '${label('public_content_t')}' }\n`) },
    { name: 'permissive only logs', dialect: 'nginx', config, tree: tree('SELINUX=permissive\\nSELINUXTYPE=targeted\\n', moved) },
    { name: 'disabled', dialect: 'nginx', config, tree: tree('SELINUX=disabled\\n', moved) },
    { name: 'the runtime switch says permissive', dialect: 'nginx', config, tree: tree(ENFORCING, moved, "  - { path: /sys/fs/selinux/enforce, type: file, content: \"0\" }\n") },
    { name: 'a captured boolean that is on', dialect: 'nginx', config, tree: tree(ENFORCING, moved, "  - { path: /sys/fs/selinux/booleans/httpd_read_user_content, type: file, content: \"1 1\" }\n") },
    { name: 'no labels captured: nothing to judge', dialect: 'nginx', config, tree: "entries:\n  - { path: /etc/selinux/config, type: file, content: \"SELINUX=enforcing\\nSELINUXTYPE=targeted\\n\" }\n  - { path: /srv/www/index.html, type: file }\n" },
  ],
  invalid: [
    {
      name: 'a file moved from a home directory keeps user_home_t: the boolean decides',
      dialect: 'nginx',
      config,
      tree: tree(ENFORCING, moved),
      errors: [{ messageId: 'booleanUnknown', severity: 'warn', data: { path: '/srv/www/report.html', type: 'user_home_t', source, boolean: 'httpd_read_user_content', server, url: '/report.html' }, ...root, path: '/srv/www/report.html' }],
    },
    {
      name: 'the boolean captured off',
      dialect: 'nginx',
      config,
      tree: tree(ENFORCING, moved, "  - { path: /sys/fs/selinux/booleans/httpd_read_user_content, type: file, content: \"0 0\" }\n"),
      errors: [{ messageId: 'booleanOff', severity: 'error', data: { path: '/srv/www/report.html', type: 'user_home_t', source, boolean: 'httpd_read_user_content', server, url: '/report.html' }, ...root, path: '/srv/www/report.html' }],
    },
    {
      name: 'a directory made in /tmp hides its subtree; an unknown type is uncertain: two problems',
      dialect: 'nginx',
      config,
      tree: tree(
        ENFORCING,
        `  - { path: /srv/www/build, type: dir, context: '${label('user_tmp_t')}' }\n  - { path: /srv/www/build/app.js, type: file, context: '${label('user_tmp_t')}' }\n  - { path: /srv/www/odd.html, type: file, context: '${label('mysqld_db_t')}' }\n`,
      ),
      errors: [
        { messageId: 'refused', severity: 'error', data: { path: '/srv/www/build', type: 'user_tmp_t', source, boolean: '', server, url: '/build' }, ...root, path: '/srv/www/build' },
        { messageId: 'unknownType', severity: 'warn', data: { path: '/srv/www/odd.html', type: 'mysqld_db_t', source, boolean: '', server, url: '/odd.html' }, ...root, path: '/srv/www/odd.html' },
      ],
    },
  ],
});

describe('httpdCanRead: the targeted policy as httpd_selinux(8) documents it', () => {
  const off = { booleans: (): boolean => false };
  const unknown = { booleans: (): undefined => undefined };
  it.each([
    ['httpd_sys_content_t', unknown, { readable: true }],
    ['httpd_sys_ra_content_t', unknown, { readable: true }],
    ['httpd_sys_script_exec_t', unknown, { readable: true }],
    ['public_content_rw_t', unknown, { readable: true }],
    ['httpd_user_content_t', unknown, { readable: true }],
    ['user_home_dir_t', unknown, { readable: 'uncertain', boolean: 'httpd_enable_homedirs' }],
    ['user_home_t', off, { readable: false, boolean: 'httpd_read_user_content' }],
    ['nfs_t', off, { readable: false, boolean: 'httpd_use_nfs' }],
    ['cifs_t', unknown, { readable: 'uncertain', boolean: 'httpd_use_cifs' }],
    ['fusefs_t', { booleans: (): boolean => true }, { readable: true, boolean: 'httpd_use_fusefs' }],
    ['admin_home_t', unknown, { readable: false }],
    ['default_t', unknown, { readable: false }],
    ['container_file_t', unknown, { readable: 'uncertain' }],
  ] as const)('%s', (type, state, verdict) => {
    expect(httpdCanRead(type, state)).toEqual(verdict);
  });
});
