import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './index.js';

const main = (http: string): string => `events {}\nhttp {\n${http}}\n`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a stock layout',
      dialect: 'nginx',
      config: main('    sendfile on;\n    server {\n        listen 80 default_server;\n        root /var/www/html;\n        index index.html;\n        location / {\n            try_files $uri $uri/ =404;\n        }\n    }\n'),
    },
    { name: 'a site file is read inside http', dialect: 'nginx', entry: '/etc/nginx/sites-enabled/shop', config: 'server {\n    root /srv/shop;\n    location / { }\n}\n' },
    { name: 'a location snippet is read inside a server', dialect: 'nginx', entry: '/etc/nginx/snippets/static.conf', config: 'location /static/ {\n    expires 7d;\n}\n' },
    {
      name: 'a third-party module may define names the database does not know',
      dialect: 'nginx',
      config: `load_module modules/ngx_http_headers_more_filter_module.so;\n${main('    more_set_headers "Server: x";\n')}`,
    },
    { name: 'lists repeat, flags take any case', dialect: 'nginx', config: main('    server {\n        index a.html;\n        index b.html;\n        autoindex OFF;\n    }\n') },
  ],
  invalid: [
    {
      name: 'a server block at the top of nginx.conf',
      dialect: 'nginx',
      config: 'events {}\nserver {\n    listen 80;\n}\n',
      errors: [{ messageId: 'refused', data: { message: '"server" directive is not allowed here' }, line: 2, column: 1, endLine: 2, endColumn: 7 }],
    },
    {
      name: 'a duplicate root and a flag that is neither on nor off: two problems',
      dialect: 'nginx',
      config: main('    server {\n        root /srv/a;\n        root /srv/b;\n        autoindex maybe;\n    }\n'),
      errors: [
        { messageId: 'refused', data: { message: '"root" directive is duplicate' }, line: 5, column: 9, endLine: 5, endColumn: 13 },
        { messageId: 'refused', data: { message: 'invalid value "maybe" in "autoindex" directive, it must be "on" or "off"' }, line: 6, column: 19, endLine: 6, endColumn: 24 },
      ],
    },
    {
      name: 'an alias after a root in one location',
      dialect: 'nginx',
      config: main('    server {\n        location /files/ {\n            root /srv;\n            alias /srv/files/;\n        }\n    }\n'),
      errors: [{ messageId: 'refused', data: { message: '"alias" directive is duplicate, "root" directive was specified earlier' }, line: 6, column: 13, endLine: 6, endColumn: 18 }],
    },
    {
      name: 'a misspelt directive in a whole configuration',
      dialect: 'nginx',
      config: main('    server {\n        autoindx on;\n    }\n'),
      errors: [{ messageId: 'refused', data: { message: 'unknown directive "autoindx"' }, line: 4, column: 9, endLine: 4, endColumn: 17 }],
    },
    {
      name: 'try_files with one argument in a site file',
      dialect: 'nginx',
      entry: '/etc/nginx/sites-enabled/shop',
      config: 'server {\n    location / {\n        try_files $uri;\n    }\n}\n',
      errors: [{ messageId: 'refused', data: { message: 'invalid number of arguments in "try_files" directive' }, line: 3, column: 9, endLine: 3, endColumn: 18 }],
    },
  ],
});
