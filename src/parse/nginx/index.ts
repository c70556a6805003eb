/**
 * The nginx configuration reader: a tokenizer and parser faithful to nginx's own
 * `ngx_conf_read_token` / `ngx_conf_parse`, include expansion through an FsView, and a printer
 * whose output parses back to the same tree.
 */
export { parseNginx, type NginxParseOptions, type NginxParseResult } from './parser.js';
export { loadNginxConfig, type NginxLoadOptions } from './loader.js';
export { printNginx } from './printer.js';
export { NginxParseCache, type DirectiveMemo, type DirectiveMemos, type EarlierParse, type MovedBlocks } from './reuse.js';
export type { MovedBlock } from './line-shift.js';
export { decodeNginxText, encodeNginxText } from './source-text.js';
