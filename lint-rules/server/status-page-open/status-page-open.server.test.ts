import { describeAgainstNginx } from '../../nginx/tests/real-nginx.js';
import rule from './index.js';

const config = (server: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n${server}    }\n}\n`;
const tree = 'entries: []';

describeAgainstNginx(rule, [
  { name: 'stub_status answers every client', case: { dialect: 'nginx', config: config('        location = /nginx_status { stub_status; }\n'), tree }, port: 22010, path: '/nginx_status', status: 200, cause: null, findings: 1 },
  {
    name: 'restricted to another address, it refuses this one',
    case: { dialect: 'nginx', config: config('        location = /nginx_status {\n            stub_status;\n            allow 10.0.0.1;\n            deny all;\n        }\n'), tree },
    port: 22011,
    path: '/nginx_status',
    status: 403,
    cause: 'forbidden-by-rule',
    findings: 0,
  },
]);
