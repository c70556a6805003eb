import * as posixPath from 'node:path/posix';
import { fail, ok, type EntryStat, type FsResult, type FsView } from '../../fs/types.js';

/**
 * The output of `nginx -T`: for each file nginx read, in reading order (the main file first),
 * a line `# configuration file PATH:`, the file's bytes as read, and one newline nginx adds
 * (ngx_conf_dump in nginx.c). The `nginx: ... syntax is ok` lines nginx prints on stderr may
 * precede it when both streams were captured.
 */
export interface NginxDump {
  /** The main configuration: the first file of the dump. */
  main: string;
  /** Every file's text, by its path on the server. */
  files: Map<string, string>;
}

const MARKER = /^# configuration file (\/.*):$/;
/** What may come before the first marker: nginx's own messages, blank lines. */
const PREAMBLE = /^(nginx: .*|\s*)$/;

/** True when `text` is an `nginx -T` dump rather than a configuration. */
export function isNginxDump(text: string): boolean {
  for (const line of lines(text)) {
    if (MARKER.test(line)) return true;
    if (!PREAMBLE.test(line)) return false;
  }
  return false;
}

/** Splits a dump back into its files; undefined when `text` is no dump. */
export function splitNginxDump(text: string): NginxDump | undefined {
  if (!isNginxDump(text)) return undefined;
  const files = new Map<string, string>();
  let current: { path: string; lines: string[] } | undefined;
  // The line break before a marker is the one nginx writes after each file's contents; after
  // the last file, that one ends the text.
  const close = (last: boolean) => {
    const text = current?.lines.join('\n');
    if (current && text !== undefined && !files.has(current.path)) files.set(current.path, last ? text.replace(/\n$/, '') : text);
  };
  for (const line of text.split('\n')) {
    const marker = MARKER.exec(line.replace(/\r$/, ''));
    if (marker?.[1] !== undefined) {
      close(false);
      current = { path: marker[1], lines: [] };
    } else {
      current?.lines.push(line);
    }
  }
  close(true);
  const [main] = files.keys();
  return main === undefined ? undefined : { main, files };
}

function* lines(text: string): Generator<string> {
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    yield text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
    if (end < 0) return;
    start = end + 1;
  }
}

/**
 * The configuration files of a dump as a filesystem: its files and the directories holding
 * them, nothing else. A dump is the whole configuration of a server elsewhere, so an include
 * glob lists what that server read and never this machine's own /etc/nginx.
 */
export function dumpFs(dump: NginxDump): FsView {
  const contents = new Map([...dump.files].map(([file, text]) => [file, Buffer.from(text, 'utf8')]));
  const dirs = new Map<string, Set<string>>();
  for (const file of contents.keys()) {
    for (let child = file, dir = posixPath.dirname(file); child !== dir; child = dir, dir = posixPath.dirname(dir)) {
      const names = dirs.get(dir) ?? new Set();
      names.add(posixPath.basename(child));
      dirs.set(dir, names);
    }
  }
  const stat = (path: string): FsResult<EntryStat> => {
    const content = contents.get(path);
    if (content) return ok({ type: 'file', mode: 0o644, uid: 0, gid: 0, size: content.length });
    if (dirs.has(path)) return ok({ type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0 });
    return fail('ENOENT', path, `${path} is not in the nginx -T dump`);
  };
  return {
    description: `the nginx -T dump of ${dump.main}`,
    lstat: stat,
    stat,
    readdir: (path) => {
      const names = dirs.get(path);
      return names ? ok([...names].sort()) : fail(contents.has(path) ? 'ENOTDIR' : 'ENOENT', path, `${path} is not a directory of the nginx -T dump`);
    },
    readlink: (path) => fail('EINVAL', path, `${path} is not a symbolic link`),
    readFile: (path) => {
      const content = contents.get(path);
      return content ? ok(content) : fail(dirs.has(path) ? 'EISDIR' : 'ENOENT', path, `${path} is not in the nginx -T dump`);
    },
  };
}
