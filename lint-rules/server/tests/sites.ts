import { INCLUDE_MODULES } from '../../apache/tests/test-fixtures.js';

/**
 * The sites the server/* rule tables are written against: one nginx server `shop.example` on
 * port 80 serving /srv/www, and Apache's main server serving the same tree to everyone, so a
 * case only writes the lines it is about.
 */
export const nginxSite = (server: string): string =>
  `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        server_name shop.example;\n        root /srv/www;\n${server}    }\n}\n`;

/** How findings name the nginx site. */
export const SHOP = 'server shop.example (listen *:80)';

export const apacheSite = (body: string): string =>
  `${INCLUDE_MODULES}User www-data\nGroup www-data\nDocumentRoot /srv/www\n<Directory /srv/www>\n    Require all granted\n</Directory>\n${body}`;

/** A served tree with a home page and one subdirectory holding its own index. */
export const treeWith = (subdirectory: string, content: string): string => `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/${subdirectory}/index.html, type: file, mode: '0644', content: "${content}\\n" }
`;
