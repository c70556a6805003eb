import { describe, expect, it } from 'vitest';
import { buildApacheModel } from '../../../src/model/apache/index.js';
import { parsedConfig } from './parse-config.js';

/** `<Directory /a>` -> `Directory /a` with the line, to read orders at a glance. */
function order(text: string, server = 0): string[] {
  const model = buildApacheModel(parsedConfig(text));
  return (model.servers[server]?.sections ?? []).map((s) => `${s.block.name} ${s.block.args.map((a) => a.value).join(' ')} @${s.block.loc.line}`);
}

describe('section merge order', () => {
  it.each([
    {
      about: 'directories shortest path first, whatever the config order',
      config: '<Directory /srv/www/a/b>\n</Directory>\n<Directory />\n</Directory>\n<Directory /srv/www>\n</Directory>',
      expected: ['Directory / @3', 'Directory /srv/www @5', 'Directory /srv/www/a/b @1'],
    },
    {
      about: 'equal depth keeps config order',
      config: '<Directory /srv/b>\n</Directory>\n<Directory /srv/a>\n</Directory>',
      expected: ['Directory /srv/b @1', 'Directory /srv/a @3'],
    },
    {
      about: 'regex directories after every plain one, then Files, Location, If',
      config: [
        '<If "true">\n</If>',
        '<Location />\n</Location>',
        '<FilesMatch "x">\n</FilesMatch>',
        '<DirectoryMatch "^/srv">\n</DirectoryMatch>',
        '<Directory /srv/www/deep/er>\n</Directory>',
        '<Directory ~ "y">\n</Directory>',
        '<Files a>\n</Files>',
        '<LocationMatch "^/z">\n</LocationMatch>',
      ].join('\n'),
      expected: [
        'Directory /srv/www/deep/er @9',
        'DirectoryMatch ^/srv @7',
        'Directory ~ y @11',
        'FilesMatch x @5',
        'Files a @13',
        'Location / @3',
        'LocationMatch ^/z @15',
        'If true @1',
      ],
    },
  ])('$about', ({ config, expected }) => {
    expect(order(config)).toEqual(expected);
  });

  it("puts a vhost's sections after the main server's for the same path", () => {
    const config = '<VirtualHost *:80>\n<Directory /srv>\n</Directory>\n<Location /x>\n</Location>\n</VirtualHost>\n<Directory /srv>\n</Directory>\n<Location /x>\n</Location>';
    expect(order(config, 1)).toEqual(['Directory /srv @7', 'Directory /srv @2', 'Location /x @9', 'Location /x @4']);
    expect(order(config, 0)).toEqual(['Directory /srv @7', 'Location /x @9']);
  });

  it('keeps <Files> nested in a <Directory> with that directory', () => {
    const model = buildApacheModel(parsedConfig('<Directory /srv>\n  Require all granted\n  <Files "*.key">\n    Require all denied\n  </Files>\n</Directory>'));
    const [section] = model.servers[0]?.sections ?? [];
    expect(section?.directives.map((d) => d.name)).toEqual(['Require']);
    expect(section?.nested.map((n) => [n.kind, n.pattern])).toEqual([['files', '*.key']]);
  });

  it('reports an Options line httpd refuses at startup', () => {
    const model = buildApacheModel(parsedConfig('<Directory /srv>\n  Options Indexes +FollowSymLinks\n</Directory>'));
    expect(model.diagnostics.map((d) => [d.code, d.message, d.loc.line])).toEqual([['apache-options', 'Either all Options must start with + or -, or no Option may.', 2]]);
  });

  // httpd refuses them there (apache/config-refused says so, in httpd's words): the model adds no second report.
  it.each(['Require all granted', '<VirtualHost *:80>\n  Order allow,deny\n</VirtualHost>', '<VirtualHost *:80>\n  <IfModule mod_authz_core.c>\n    AllowOverride None\n  </IfModule>\n</VirtualHost>'])(
    'leaves %j outside any directory section to apache/config-refused',
    (config) => {
      expect(buildApacheModel(parsedConfig(config)).diagnostics).toEqual([]);
    },
  );

  it('accepts the same directives inside sections', () => {
    const model = buildApacheModel(parsedConfig('<VirtualHost *:80>\n<Location />\nRequire all granted\nOrder allow,deny\n</Location>\n</VirtualHost>'));
    expect(model.diagnostics).toEqual([]);
  });
});
