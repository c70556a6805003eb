/**
 * The Apache httpd 2.4 configuration reader: `parseApache` for one file (httpd.conf, a vhost,
 * a .htaccess), `loadApacheConfig` for a whole configuration as httpd reads it at startup.
 */
export { parseApache, MAX_SECTION_DEPTH, type ApacheFileKind, type ParseApacheOptions, type ParseApacheResult } from './parser.js';
export { loadApacheConfig, type ApacheLoadOptions } from './loader.js';
export { readEnvvars } from './envvars.js';
export { printApache } from './printer.js';
export { DEBIAN_STATIC_MODULES } from './modules.js';
export { HTTPD_VERSION } from './conditions.js';
