import { ok, type EntryStat, type FsResult, type FsView } from '../fs/types.js';

/**
 * A view where one file has the given text instead of what is on disk: `--stdin` lints an
 * editor's unsaved buffer, and the includes it names are still read from `base`.
 */
export function overlayFile(base: FsView, file: string, text: string): FsView {
  const content = Buffer.from(text, 'utf8');
  const stat = (real: FsResult<EntryStat>): FsResult<EntryStat> =>
    ok({ type: 'file', mode: real.ok ? real.value.mode : 0o644, uid: real.ok ? real.value.uid : 0, gid: real.ok ? real.value.gid : 0, size: content.length });
  return {
    description: base.description,
    lstat: (path) => (path === file ? stat(base.lstat(path)) : base.lstat(path)),
    stat: (path) => (path === file ? stat(base.stat(path)) : base.stat(path)),
    readdir: (path) => base.readdir(path),
    readlink: (path) => base.readlink(path),
    readFile: (path) => (path === file ? ok(content) : base.readFile(path)),
    ...(base.loadAccessLabels ? { loadAccessLabels: base.loadAccessLabels.bind(base) } : {}),
    ...(base.withAccessLabels ? { withAccessLabels: base.withAccessLabels.bind(base) } : {}),
  };
}
