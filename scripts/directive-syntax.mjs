// Reads the argument counts out of the syntax lines of NGINX's directive database, e.g.
// `[ = | ~ | ~* | ^~ ] uri {...}` takes one or two arguments, `code … [=[response]] uri` two or
// more, `on | off` is a flag. Where the documented grammar is loose (`[SSLv2] [SSLv3] ...` for a
// directive nginx declares 1MORE) the count comes out wider than nginx's, never narrower: the
// validator must not refuse what nginx loads.

const ENTITIES = { '&hellip;': '…', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&lsquo;': "'", '&rsquo;': "'", '&quot;': '"' };

function plainText(html) {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&[a-z]+;/g, (e) => ENTITIES[e] ?? e)
    .replace(/\{\.\.\.\}/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const UNBOUNDED = Number.POSITIVE_INFINITY;
const MAX_COUNTED_ARGUMENTS = 7;
const OPTION_LIST = 3;

/** [min, max] of one alternative-separated sequence, reading from `state.i` up to `]` or the end. */
function sequence(text, state) {
  const alternatives = [];
  let min = 0;
  let max = 0;
  let previous = null;
  const close = () => alternatives.push([min, max]);
  while (state.i < text.length) {
    const c = text[state.i];
    if (c === ' ') {
      state.i++;
    } else if (c === ']') {
      break;
    } else if (c === '|') {
      close();
      min = 0;
      max = 0;
      previous = null;
      state.i++;
    } else if (c === '…') {
      if (previous) max = UNBOUNDED;
      state.i++;
    } else if (c === '[') {
      const attached = state.i > 0 && !' |['.includes(text[state.i - 1]);
      state.i++;
      const [, innerMax] = sequence(text, state);
      state.i++; // the `]`
      // `address[:port]`, `=[response]`, `[protocol://]address`: part of one word.
      const prefixOfWord = state.i < text.length && !' |]…'.includes(text[state.i]);
      if (attached) continue;
      if (prefixOfWord) {
        readWord(text, state);
        min += 1;
        max += 1;
        previous = [1, 1];
      } else {
        max += innerMax;
        previous = [0, innerMax];
      }
    } else {
      const start = state.i;
      readWord(text, state);
      min += 1;
      const word = text.slice(start, state.i);
      // `if (condition)`: nginx splits the condition into as many words as it has.
      max += LIST_WORDS.has(word) || word.startsWith('(') ? UNBOUNDED : 1;
      previous = [1, 1];
    }
  }
  close();
  return [Math.min(...alternatives.map((a) => a[0])), Math.max(...alternatives.map((a) => a[1]))];
}

/** Placeholders the docs use for a list of any length (`server address [parameters]`). */
const LIST_WORDS = new Set(['parameters']);

function readWord(text, state) {
  if (text[state.i] === "'") {
    const end = text.indexOf("'", state.i + 1);
    state.i = end < 0 ? text.length : end + 1;
    return;
  }
  while (state.i < text.length && !' |]…['.includes(text[state.i])) state.i++;
}

/** The widest argument count over a directive's syntax lines, and whether it is an on/off flag. */
export function arityOfSyntax(syntaxLines) {
  let min = UNBOUNDED;
  let max = 0;
  let flag = syntaxLines.length > 0;
  for (const line of syntaxLines) {
    const text = plainText(line);
    const [lineMin, lineMax] = sequence(text, { i: 0 });
    min = Math.min(min, lineMin);
    // A list of options (`[SSLv2] [SSLv3] ...`, `path [format [buffer=size] [gzip] ...]`) is 1MORE
    // in nginx's source, whatever the docs' count: checked with `nginx -t` for access_log and
    // the *_ssl_protocols directives, which take more words than their syntax shows.
    max = Math.max(max, (text.match(/ \[/g) ?? []).length >= OPTION_LIST ? UNBOUNDED : lineMax);
    flag &&= text.replace(/ /g, '') === 'on|off';
  }
  if (min === UNBOUNDED) min = 0;
  // nginx declares argument counts as TAKE1..TAKE7 or 1MORE/2MORE (NGX_CONF_MAX_ARGS is 8 words
  // with the name): a syntax that allows more than seven takes any number.
  return { min, max: max > MAX_COUNTED_ARGUMENTS ? -1 : max, flag };
}

/** Which block family a module's directives live in: `ngx_http_*`, `ngx_stream_*`, `ngx_mail_*`, or the core. */
export function familyOfModule(module) {
  const match = /^ngx_(http|stream|mail)_/.exec(module);
  if (match) return match[1];
  // The OpenTelemetry module is an http module that does not say so in its name.
  if (module === 'ngx_otel_module') return 'http';
  return 'core';
}
