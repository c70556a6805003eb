/**
 * The nginx site every fs rule case lints: /srv/www served as www-data. Filesystem findings are
 * anchored at its `root` directive, so the cases share its span.
 */
export const NGINX_SITE = 'user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n    }\n}\n';

/** How messages name that site's server block. */
export const NGINX_SERVER = 'the server listening on *:80';

/** `root /srv/www;` in NGINX_SITE. */
export const ROOT_SPAN = { line: 6, column: 9, endLine: 6, endColumn: 23 } as const;
