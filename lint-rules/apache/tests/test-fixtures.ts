import { DEFAULT_APACHE_MODULES } from '../../../test/helpers/apache-server.js';

/**
 * Rule cases load the modules the real-server tests load, from one included file the way
 * Debian's mods-enabled does, so a case means the same thing to forbidlint and to httpd and
 * its own lines keep their numbers.
 */
export const MODULES_CONF = '/etc/apache2/modules.conf';

export const INCLUDE_MODULES = `Include ${MODULES_CONF}\n`;

export const MODULE_FILES: Readonly<Record<string, string>> = {
  [MODULES_CONF]: DEFAULT_APACHE_MODULES.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so\n`).join(''),
};
