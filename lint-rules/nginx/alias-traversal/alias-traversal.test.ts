import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintCase, runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';
import { CORPUS_DIR } from '../../../test/helpers/shared-dir.js';

const site = (locations: string): string => `events {}\nhttp {\n    server {\n${locations}    }\n}\n`;

runRuleTests(rule, {
  valid: [
    { name: 'prefix and alias both end with /', dialect: 'nginx', config: site('        location /files/ { alias /home/; }\n') },
    { name: 'an exact location maps one URI', dialect: 'nginx', config: site('        location = /favicon.ico { alias /srv/icons/site.ico; }\n') },
    { name: 'a capture that begins after a / in the URI', dialect: 'nginx', config: site('        location ~ ^/images/(.*)$ { alias /srv/static/$1; }\n') },
    { name: 'a capture that must begin with /', dialect: 'nginx', config: site('        location ~ ^/images(/.*)$ { alias /srv/static$1; }\n') },
    { name: 'a named capture without dots', dialect: 'nginx', config: site('        location ~ ^/img(?<file>[a-z0-9_]+\\.png)$ { alias /srv/static/$file; }\n') },
    { name: 'root is never traversed this way', dialect: 'nginx', config: site('        location /files { root /srv; }\n') },
  ],
  invalid: [
    {
      name: 'prefix without / and alias with /: the parent directory',
      dialect: 'nginx',
      config: site('        location /files {\n            alias /home/;\n        }\n'),
      errors: [
        {
          messageId: 'parentTraversal',
          data: { alias: '/home/', location: '/files', example: 'GET /files../', mapped: '/home/../', reached: '/' },
          line: 5,
          column: 13,
          endLine: 5,
          endColumn: 26,
        },
      ],
    },
    {
      name: 'a regex capture glued to a partial name, and one after a /: two problems',
      dialect: 'nginx',
      config: site('        location ~ /site(.*) { alias /srv/lol$1; }\n        location ~ /images(.*) { alias /app/static/$1; }\n'),
      errors: [
        {
          messageId: 'siblingTraversal',
          data: { alias: '/srv/lol$1', location: '~ /site(.*)', example: '$1 = "-old/"', mapped: '/srv/lol-old/', base: '/srv', name: 'lol' },
          line: 4,
          column: 32, endLine: 4, endColumn: 49,
        },
        {
          messageId: 'parentTraversal',
          data: { alias: '/app/static/$1', location: '~ /images(.*)', example: '$1 = "../"', mapped: '/app/static/../', reached: '/app' },
          line: 5,
          column: 34, endLine: 5, endColumn: 55,
        },
      ],
    },
    {
      name: 'an alias a nested location inherits is reported once, where it is written',
      dialect: 'nginx',
      config: site('        location /static {\n            alias /srv/static;\n            location /static/img/ { }\n        }\n'),
      errors: [
        {
          messageId: 'siblingTraversal',
          data: { alias: '/srv/static', location: '/static', example: 'GET /static-old/', mapped: '/srv/static-old/', base: '/srv', name: 'static' },
          line: 5,
          column: 13, endLine: 5, endColumn: 31,
        },
      ],
    },
  ],
});

/** gixy's labelled cases: `<case>.conf` is a traversal, `<case>_fp.conf` is not. */
const GIXY_CASES = `${CORPUS_DIR}/nginx/gixy-next-tests/simply/alias_traversal`;

describe('nginx/alias-traversal on gixy-next test cases', () => {
  const files = readdirSync(GIXY_CASES).filter((f) => f.endsWith('.conf'));
  it('has cases of both kinds', () => {
    expect(files.filter((f) => f.endsWith('_fp.conf')).length).toBeGreaterThan(5);
    expect(files.filter((f) => !f.endsWith('_fp.conf')).length).toBeGreaterThan(5);
  });
  it.each(files)('%s', async (file) => {
    const findings = await lintCase(rule, { dialect: 'nginx', config: site(readFileSync(join(GIXY_CASES, file), 'utf8')) });
    expect(findings.length > 0).toBe(!file.endsWith('_fp.conf'));
  });
});

describe('nginx/alias-traversal suggestion', () => {
  it('ends the prefix location with / in place', async () => {
    const [finding] = await lintCase(rule, { dialect: 'nginx', config: site('        location /files { alias /home/; }\n') });
    expect(finding?.suggestions?.map((s) => ({ desc: s.desc, text: s.fix?.text, line: s.fix?.loc.line, column: s.fix?.loc.column, endColumn: s.fix?.loc.endColumn }))).toEqual([
      { desc: 'end the location with /: location /files/', text: '/files/', line: 4, column: 18, endColumn: 24 },
    ]);
  });
});
