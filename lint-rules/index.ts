import type { Rule } from '../src/engine/rule.js';
import apacheConfigRefused from './apache/config-refused/index.js';
import apacheHtaccessDirectiveNotAllowed from './apache/htaccess-directive-not-allowed/index.js';
import apacheHtaccessIgnored from './apache/htaccess-ignored/index.js';
import apacheIndexesWithoutIndex from './apache/indexes-without-index/index.js';
import apacheMixedAccessControl from './apache/mixed-access-control/index.js';
import apacheNoRootDirectoryDeny from './apache/no-root-directory-deny/index.js';
import apacheRegexSectionOverbroad from './apache/regex-section-overbroad/index.js';
import apacheRequireAllDenied from './apache/require-all-denied/index.js';
import apacheSymlinksRefused from './apache/symlinks-refused/index.js';
import exposureGuardedFiles from './exposure/guarded-files/index.js';
import exposureSensitiveFiles from './exposure/sensitive-files/index.js';
import fsBrokenSymlink from './fs/broken-symlink/index.js';
import fsOwnershipMismatch from './fs/ownership-mismatch/index.js';
import fsSelinuxContext from './fs/selinux-context/index.js';
import fsSymlinkLeavesTree from './fs/symlink-leaves-tree/index.js';
import fsSystemDirectoryServed from './fs/system-directory-served/index.js';
import fsUnreadableByWebUser from './fs/unreadable-by-web-user/index.js';
import fsVariableRoot from './fs/variable-root/index.js';
import fsWebUserWritable from './fs/web-user-writable/index.js';
import fsWorldWritable from './fs/world-writable/index.js';
import nginxAliasTraversal from './nginx/alias-traversal/index.js';
import nginxAllowDenyOrder from './nginx/allow-deny-order/index.js';
import nginxConfigRefused from './nginx/config-refused/index.js';
import nginxDenyAll from './nginx/deny-all/index.js';
import nginxDirectoryIndexForbidden from './nginx/directory-index-forbidden/index.js';
import nginxDisableSymlinksRefused from './nginx/disable-symlinks-refused/index.js';
import nginxMapDefaultMissing from './nginx/map-default-missing/index.js';
import nginxRefererGate from './nginx/referer-gate/index.js';
import nginxRegexLocationOverbroad from './nginx/regex-location-overbroad/index.js';
import nginxRootUnreachable from './nginx/root-unreachable/index.js';
import serverAccessRestricted from './server/access-restricted/index.js';
import serverDenyBypassed from './server/deny-bypassed/index.js';
import serverDirectoryListing from './server/directory-listing/index.js';
import serverForbiddenResponse from './server/forbidden-response/index.js';
import serverOpenAllowlist from './server/open-allowlist/index.js';
import serverRootForbidden from './server/root-forbidden/index.js';
import serverStatusPageOpen from './server/status-page-open/index.js';

/**
 * Every built-in rule. Each rule lives in `lint-rules/<namespace>/<name>/index.ts` and is added
 * here, in id order; presets come from each rule's `meta.docs.recommended`.
 */
export const builtinRules: readonly Rule[] = [
  apacheConfigRefused,
  apacheHtaccessDirectiveNotAllowed,
  apacheHtaccessIgnored,
  apacheIndexesWithoutIndex,
  apacheMixedAccessControl,
  apacheNoRootDirectoryDeny,
  apacheRegexSectionOverbroad,
  apacheRequireAllDenied,
  apacheSymlinksRefused,
  exposureGuardedFiles,
  exposureSensitiveFiles,
  fsBrokenSymlink,
  fsOwnershipMismatch,
  fsSelinuxContext,
  fsSymlinkLeavesTree,
  fsSystemDirectoryServed,
  fsUnreadableByWebUser,
  fsVariableRoot,
  fsWebUserWritable,
  fsWorldWritable,
  nginxAliasTraversal,
  nginxAllowDenyOrder,
  nginxConfigRefused,
  nginxDenyAll,
  nginxDirectoryIndexForbidden,
  nginxDisableSymlinksRefused,
  nginxMapDefaultMissing,
  nginxRefererGate,
  nginxRegexLocationOverbroad,
  nginxRootUnreachable,
  serverAccessRestricted,
  serverDenyBypassed,
  serverDirectoryListing,
  serverForbiddenResponse,
  serverOpenAllowlist,
  serverRootForbidden,
  serverStatusPageOpen,
];
