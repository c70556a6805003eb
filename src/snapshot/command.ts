/**
 * The POSIX-sh command `forbidlint snapshot` prints, to run on the audited server. It writes one
 * stream on stdout (the format is read back by snapshot-reader.ts):
 *
 *   forbidlint-snapshot 1 \0 prefix \0 PREFIX \0
 *   listing \0 START \0 { META \0 PATH \0 [TARGET \0] | key \0 PATH \0 } \0 status \0 N \0   (once per start point;
 *                                                  `key`: a *.pem holding a private key, named, the key never copied)
 *   acl \0 GETFACL-TEXT \0                         (when getfacl exists)
 *   getenforce \0 OUTPUT \0                        (when getenforce exists)
 *   tar \0 TAR-ARCHIVES...                         (configs, passwd, group, hosts, mime.types, selinux/config, .htaccess files)
 *   forbidlint-snapshot-end \n                     (at a 512-byte boundary: a truncated stream is told from a whole one)
 *
 * Names are NUL-terminated, so spaces, tabs and newlines in them come back exactly. META is
 * `MODE UID GID TYPE SIZE [CONTEXT]`: find's %m %U %G %y %s and, where find reads SELinux
 * labels, %Z. Only sh, GNU find (-printf), tar, sed and grep are needed; getfacl and getenforce are used
 * when present.
 */
export interface SnapshotCommandOptions {
  /** Which configuration trees to capture; both when neither is asked. */
  nginx?: boolean;
  apache?: boolean;
  /** Further configuration files or directories (server paths). */
  configs?: readonly string[];
  /** Served trees named by hand, added to the ones found in the configuration. */
  trees?: readonly string[];
  /** The server's `/` is at this directory (a chroot, a container's root, a test tree). */
  prefix?: string;
}

const NGINX_TREES = ['/etc/nginx'];
const APACHE_TREES = ['/etc/apache2', '/etc/httpd'];
/** Files every audit reads besides the configuration: accounts, /etc/hosts (Apache's host checks), MIME types, SELinux's mode. */
const SYSTEM_FILES = ['/etc/passwd', '/etc/group', '/etc/hosts', '/etc/mime.types', '/etc/selinux/config'];

/** Quotes a value for sh: single quotes, with each embedded quote closed, escaped and reopened. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A path the command can carry: absolute, one line (the script lists paths one per line). */
export function checkServerPath(value: string, option: string): string | undefined {
  if (!value.startsWith('/')) return `${option} ${JSON.stringify(value)} must be an absolute path as the server sees it`;
  if (/[\n\0]/.test(value)) return `${option} ${JSON.stringify(value)} contains a newline or NUL`;
  return undefined;
}

export function snapshotCommand(options: SnapshotCommandOptions = {}): string {
  const both = !options.nginx && !options.apache;
  const configs = [...(both || options.nginx ? NGINX_TREES : []), ...(both || options.apache ? APACHE_TREES : []), ...(options.configs ?? [])];
  const prefix = (options.prefix ?? '/').replace(/\/+$/, '');
  const lines = (paths: readonly string[]) => shQuote(paths.join('\n'));
  const values: Record<string, string> = { PREFIX: shQuote(prefix), CONFIGS: lines(configs), FILES: lines(SYSTEM_FILES), TREES: lines(options.trees ?? []) };
  // One pass, so a value holding a placeholder's name is never substituted again.
  return `${SCRIPT.trim().replaceAll('@{', '${').replace(/@([A-Z]+)@/g, (whole, key: string) => values[key] ?? whole)}\n`;
}

/*
 * Everything is read from the start points: `/` (find -xdev) and each served tree on another
 * filesystem. Served trees are the directories after nginx's root/alias and Apache's
 * DocumentRoot/Alias lines (quoted or not; a path with a variable is skipped: name it with
 * --tree). getfacl and the .htaccess search walk the same start points as the listing, so a
 * tree reached through a symlink, or a parent directory opened by an ACL, is never missed as it
 * would be by walking guessed roots; AccessFileName's names count as .htaccess.
 */
const SCRIPT = String.raw`
set -f; LC_ALL=C; export LC_ALL
P=@PREFIX@; CONFIGS=@CONFIGS@; FILES=@FILES@; TREES=@TREES@
nl='
'; IFS=$nl
present=; for c in $CONFIGS; do if [ -e "$P$c" ] || [ -h "$P$c" ]; then present=$present$nl$c; fi; done
grab() { for c in $present; do find "$P$c" -type f -exec sed -n "$@" {} + 2>/dev/null; done; }
A='[[:space:]]\{1,\}'
roots=$(grab -e "s|^[[:space:]]*root$A[\"']\(/[^\"']*\)[\"'].*|\1|p" -e "s|^[[:space:]]*alias$A[\"']\(/[^\"']*\)[\"'].*|\1|p" \
  -e "s|^[[:space:]]*[Dd][Oo][Cc][Uu][Mm][Ee][Nn][Tt][Rr][Oo][Oo][Tt]$A\"\(/[^\"]*\)\".*|\1|p" \
  -e "s|^[[:space:]]*[Aa][Ll][Ii][Aa][Ss]$A[^[:space:]]\{1,\}$A\"\(/[^\"]*\)\".*|\1|p" \
  -e "s|^[[:space:]]*root$A[\"']\{0,1\}\(/[^\"';[:space:]]*\).*|\1|p" -e "s|^[[:space:]]*alias$A[\"']\{0,1\}\(/[^\"';[:space:]]*\).*|\1|p" \
  -e "s|^[[:space:]]*[Dd][Oo][Cc][Uu][Mm][Ee][Nn][Tt][Rr][Oo][Oo][Tt]$A\"\{0,1\}\(/[^\"[:space:]]*\).*|\1|p" \
  -e "s|^[[:space:]]*[Aa][Ll][Ii][Aa][Ss]$A[^[:space:]]\{1,\}$A\"\{0,1\}\(/[^\"[:space:]]*\).*|\1|p")
names=$(grab -e 's/^[[:space:]]*[Aa][Cc][Cc][Ee][Ss][Ss][Ff][Ii][Ll][Ee][Nn][Aa][Mm][Ee][[:space:]]\{1,\}//p' | sed -e 's/"//g' -e 's/[][*?\\]/\\&/g')
served=; for r in $TREES $roots; do
  r=$(printf '%s\n' "$r" | sed -e 's|//*|/|g' -e 's|\(.\)/$|\1|')
  case "$nl$served$nl" in *"$nl$r$nl"*) continue;; esac
  case "$r" in *'$'*|*/../*|*/..|*/./*|*/.) continue;; esac
  if [ -d "$P$r" ]; then served=$served$nl$r; fi
done
Z=; if [ -n "$(find "$P/" -maxdepth 0 -printf '%Z' 2>/dev/null)" ]; then Z=' %Z'; fi
dev=$(find "$P/" -maxdepth 0 -printf '%D')
starts=/; for r in $served; do if [ "$(find "$P$r" -maxdepth 0 -printf '%D')" != "$dev" ]; then starts=$starts$nl$r; fi; done
escaped() { printf '%s/\n' "$1" | sed -e 's/[\\%]/&&/g' -e 's|//$|/|'; }
printf 'forbidlint-snapshot 1\000prefix\000%s\000' "$P"
listings() {
  for s in $starts; do
    e=$(escaped "$s")
    printf 'listing\000%s\000' "$s"
    find "$P$s" -xdev \( -type l -printf "%m %U %G l %s$Z\\0$e%P\\0%l\\0" \) -o \( -printf "%m %U %G %y %s$Z\\0$e%P\\0" -name '*.pem' -type f \
      -exec grep -q -e '-----BEGIN [A-Z ]*PRIVATE KEY-----' {} \; -printf "key\\0$e%P\\0" \) </dev/null
    printf '\000status\000%s\000' "$?"
  done
}
acls() {
  printf 'acl\000'
  for s in $starts; do find "$P$s" -xdev -exec getfacl -n --skip-base -P --absolute-names {} + 2>/dev/null; done
  printf '\000'
}
# getfacl (two stats and a getxattr per entry: it costs more than the listing) runs beside the
# listing, its text waiting in the pipe until the listing is written: one stream, no temp file.
if command -v getfacl >/dev/null 2>&1; then acls | { listings; cat; }; else listings; fi
cd "$P/" || exit 1
printf 'tar\000'
keep=; for f in $present $FILES; do if [ -e ".$f" ] || [ -h ".$f" ]; then keep=$keep$nl.$f; fi; done
[ -z "$keep" ] || tar -cf - $keep
set -- -name .htaccess; for n in $names; do IFS=' 	'; for m in $n; do set -- "$@" -o -name "$m"; done; IFS=$nl; done
for s in $starts; do find ".$s" -xdev \( "$@" \) -type f -exec tar -cf - {} +; done
printf 'forbidlint-snapshot-end\n'
`;
