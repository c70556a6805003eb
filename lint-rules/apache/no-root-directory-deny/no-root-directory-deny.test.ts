import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { lintCase, runRuleTests } from '../../../test/helpers/rule-tester.js';
import { INCLUDE_MODULES, MODULE_FILES } from '../tests/test-fixtures.js';
import rule from './index.js';
import { CORPUS_DIR } from '../../../test/helpers/shared-dir.js';

runRuleTests(rule, {
  valid: [
    {
      name: "Debian's apache2.conf as shipped",
      dialect: 'apache',
      files: MODULE_FILES,
      config: `${INCLUDE_MODULES}${readFileSync(`${CORPUS_DIR}/apache/debian/apache2.conf`, 'utf8').replace(/^(User|Group|PidFile|ErrorLog|DefaultRuntimeDir|IncludeOptional|Include) .*$/gm, '')}`,
    },
    {
      name: 'a quoted path and the deny inside <RequireAll>',
      dialect: 'apache',
      files: MODULE_FILES,
      config: `${INCLUDE_MODULES}<Directory "/">
    AllowOverride None
    <RequireAll>
        Require all denied
    </RequireAll>
</Directory>
`,
    },
    {
      name: 'a 2.2-style deny all still closes /',
      dialect: 'apache',
      files: MODULE_FILES,
      config: `${INCLUDE_MODULES}<Directory />
    AllowOverride None
    Order deny,allow
    Deny from all
</Directory>
`,
    },
  ],
  invalid: [
    {
      name: 'no <Directory /> at all',
      dialect: 'apache',
      files: MODULE_FILES,
      config: `${INCLUDE_MODULES}DocumentRoot /srv/www
Alias /static /srv/static
`,
      errors: [{ messageId: 'missing', line: 1, column: 1, endLine: 1, endColumn: 1 }],
    },
    {
      name: '<Directory /> granting everyone, with .htaccess files allowed everywhere',
      dialect: 'apache',
      files: MODULE_FILES,
      config: `${INCLUDE_MODULES}<Directory />
    Options FollowSymLinks
    AllowOverride All
    Require all granted
</Directory>
`,
      errors: [
        { messageId: 'notDenied', data: { decision: '`Require all granted`' }, line: 2, column: 1, endLine: 2, endColumn: 11 },
        { messageId: 'overridesOpen', data: { allowOverride: '`AllowOverride All`' }, line: 4, column: 5, endLine: 4, endColumn: 22 },
      ],
    },
    {
      name: 'denied, but AllowOverride left unset',
      dialect: 'apache',
      files: MODULE_FILES,
      config: `${INCLUDE_MODULES}<Directory />
    Require all denied
</Directory>
<VirtualHost *:80>
    DocumentRoot /srv/www
</VirtualHost>
`,
      errors: [{ messageId: 'overridesOpen', data: { allowOverride: 'No AllowOverride' }, line: 2, column: 1, endLine: 2, endColumn: 11 }],
    },
  ],
});

test('AllowOverride All in <Directory /> comes with the None that replaces it', async () => {
  const config = `${INCLUDE_MODULES}<Directory />\n    AllowOverride All\n    Require all denied\n</Directory>\n`;
  const findings = await lintCase(rule, { dialect: 'apache', files: MODULE_FILES, config });
  expect(findings.map((f) => f.suggestions?.map((s) => [s.fix?.loc.line, s.fix?.loc.column, s.fix?.text]))).toEqual([[[3, 5, 'AllowOverride None']]]);
});
