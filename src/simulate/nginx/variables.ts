/** What nginx's variables hold for one request, for `root`, `alias`, `try_files` and `disable_symlinks from=`. */
export interface VariableScope {
  uri: string;
  requestUri: string;
  args: string;
  host: string;
  documentRoot?: string;
  /** `$0`... of the last regex location match. */
  captures: readonly string[];
  namedCaptures: Readonly<Record<string, string>>;
}

export interface Expansion {
  value: string;
  /** Variables the simulator does not know; they expand to the empty string, as unset ones do. */
  unknown: string[];
}

/** `$name`, `${name}` and `$1`, expanded the way ngx_http_script does for these variables. */
export function expandVariables(text: string, scope: VariableScope): Expansion {
  const unknown: string[] = [];
  const value = text.replace(/\$(?:\{(\w+)\}|(\d)|([A-Za-z_]\w*))/g, (_whole, braced?: string, digit?: string, plain?: string) => {
    const name = braced ?? digit ?? plain ?? '';
    const found = lookup(name, scope);
    if (found === undefined) unknown.push(name);
    return found ?? '';
  });
  return { value, unknown };
}

function lookup(name: string, scope: VariableScope): string | undefined {
  if (/^\d+$/.test(name)) return scope.captures[Number(name)] ?? '';
  if (name in scope.namedCaptures) return scope.namedCaptures[name];
  switch (name) {
    case 'uri':
    case 'document_uri':
      return scope.uri;
    case 'request_uri':
      return scope.requestUri;
    case 'args':
    case 'query_string':
      return scope.args;
    case 'is_args':
      return scope.args === '' ? '' : '?';
    case 'host':
      return scope.host;
    case 'document_root':
    case 'realpath_root':
      return scope.documentRoot;
    default:
      return undefined;
  }
}
