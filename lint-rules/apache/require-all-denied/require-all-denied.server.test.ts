import { afterAll, describe, expect, test } from 'vitest';
import { lintCase, type RuleCase } from '../../../test/helpers/rule-tester.js';
import { serveCase, type CaseServer } from '../real-apache.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../test-fixtures.js';
import rule from './index.js';

const tree = `
entries:
  - { path: /srv/www, type: dir, mode: '0755' }
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
`;

const config = (grant: string): string => `${INCLUDE_MODULES}User www-data
Group www-data
<Directory />
    AllowOverride None
    Require all denied
</Directory>
DocumentRoot /srv/www
${grant}`;

const cases: { case: RuleCase; port: number; status: number; cause: string | null; findings: number }[] = [
  { case: { dialect: 'apache', tree, files: MODULE_FILES, config: config('') }, port: 18500, status: 403, cause: 'AH01630', findings: 1 },
  {
    case: { dialect: 'apache', tree, files: MODULE_FILES, config: config('<Directory /srv/www>\n    Require all granted\n</Directory>\n') },
    port: 18501,
    status: 200,
    cause: null,
    findings: 0,
  },
];

const servers: CaseServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
});

describe('apache/require-all-denied agrees with httpd', () => {
  test.each(cases)('GET / answers $status when the rule reports $findings finding(s)', async ({ case: testCase, port, status, cause, findings }) => {
    expect(await lintCase(rule, testCase)).toHaveLength(findings);
    const server = await serveCase(testCase, port);
    servers.push(server);
    const response = await server.get('/');
    expect({ status: response.status, cause: response.cause }).toEqual({ status, cause });
  });
});
