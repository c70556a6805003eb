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

/** The same site with the web root's `.htaccess` read (AllowOverride All). */
export const apacheSiteReadingHtaccess = apacheSite('<Directory /srv/www>\n    AllowOverride All\n</Directory>\n');

/** A served tree with a home page and one subdirectory holding its own index. */
export const treeWith = (subdirectory: string, content: string): string => `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/${subdirectory}/index.html, type: file, mode: '0644', content: "${content}\\n" }
`;

/**
 * `.htaccess` guards as applications ship them, named by patterns rather than URLs: an exploit
 * guard on the query string and a folder guard by class (Joomla, Grav), a `<FilesMatch>`
 * alternation (Drupal), a method guard by RewriteCond, a `<LimitExcept>` of the common methods (Shaarli).
 */
export const QUERY_AND_FOLDER_GUARDS =
  'RewriteEngine On\nRewriteCond %{QUERY_STRING} GLOBALS(=|\\[|\\%[0-9A-Z]{0,2}) [OR]\nRewriteCond %{QUERY_STRING} _REQUEST(=|\\[|\\%[0-9A-Z]{0,2})\nRewriteRule .* index.html [F]\nRewriteRule ^(system|vendor)/(.*)\\.(txt|php|yml)$ - [F,NC]\n';
export const FILES_MATCH_GUARDS =
  '<FilesMatch "\\.(engine|inc|module|yml)$|^(Entries.*|Repository)$">\n    Require all denied\n</FilesMatch>\n<FilesMatch "\\.(engine|theme)$">\n    Require all denied\n</FilesMatch>\n';
export const TRACE_GUARD = 'RewriteEngine On\nRewriteCond %{REQUEST_METHOD} ^(TRACE|TRACK|DEBUG)$ [NC]\nRewriteRule .* - [F]\n';
export const METHOD_GUARD = '<LimitExcept GET POST PUT DELETE PATCH OPTIONS>\n    Require all denied\n</LimitExcept>\n';

/** A tree with the files those guards name: a vendor class and a Drupal module. */
export const APPLICATION_TREE = `
entries:
  - { path: /srv/www/index.html, type: file, mode: '0644', content: "home\\n" }
  - { path: /srv/www/vendor/lib/Loader.php, type: file, mode: '0644', content: "x\\n" }
  - { path: /srv/www/modules/token/token.module, type: file, mode: '0644', content: "x\\n" }
`;
