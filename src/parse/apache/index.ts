/**
 * The Apache httpd 2.4 configuration reader: `parseApache` for one file (httpd.conf, a vhost,
 * a .htaccess), `loadApacheConfig` for a whole configuration as httpd reads it at startup, and
 * the read-time condition evaluation both use (a .htaccess evaluates its `<IfModule>` sections
 * the same way, per request, against the server's modules).
 */
export { parseApache, MAX_SECTION_DEPTH, type ApacheFileKind, type ParseApacheOptions, type ParseApacheResult } from './parser.js';
export { loadApacheConfig, type ApacheLoadOptions } from './loader.js';
export { readEnvvars } from './envvars.js';
export { printApache } from './printer.js';
export { evaluateCondition, HTTPD_VERSION, type ConditionOutcome, type ConditionScope } from './conditions.js';
export { DEBIAN_STATIC_MODULES, ModuleSet } from './modules.js';
