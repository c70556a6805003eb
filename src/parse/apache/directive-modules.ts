/**
 * Which module registers each directive, for `<IfDirective>` and `<IfSection>`: generated from
 * `apache2 -L` of Debian apache2 2.4.71 with every packaged module loaded (once per MPM).
 * Sections are listed with their `<`. Keyed by module source file, as `apache2 -l` names them.
 */
export const DIRECTIVES_BY_MODULE: Readonly<Record<string, readonly string[]>> = {
  'core.c': [
    '<Directory', '<DirectoryMatch', '<Else', '<ElseIf', '<Files', '<FilesMatch', '<If', '<IfDefine', '<IfDirective',
    '<IfFile', '<IfModule', '<IfSection', '<Limit', '<LimitExcept', '<Location', '<LocationMatch', '<VirtualHost',
    'AcceptFilter', 'AcceptPathInfo', 'AccessFileName', 'AddDefaultCharset', 'AllowEncodedSlashes', 'AllowOverride',
    'AllowOverrideList', 'CGIPassAuth', 'CGIVar', 'ContentDigest', 'CoreDumpDirectory', 'DefaultRuntimeDir',
    'DefaultType', 'Define', 'DocumentRoot', 'EnableMMAP', 'EnableSendfile', 'Error', 'ErrorDocument', 'ErrorLog',
    'ErrorLogFormat', 'ExtendedStatus', 'FileETag', 'FlushMaxPipelined', 'FlushMaxThreshold', 'ForceType',
    'HostnameLookups', 'HttpProtocolOptions', 'Include', 'IncludeOptional', 'LimitInternalRecursion',
    'LimitRequestBody', 'LimitRequestFields', 'LimitRequestFieldsize', 'LimitRequestLine', 'LimitXMLRequestBody',
    'LogLevel', 'MaxConnectionsPerChild', 'MaxMemFree', 'MaxRangeOverlaps', 'MaxRangeReversals', 'MaxRanges',
    'MaxRequestsPerChild', 'MergeSlashes', 'MergeTrailers', 'Mutex', 'NameVirtualHost', 'Options', 'PidFile', 'Port',
    'Protocol', 'Protocols', 'ProtocolsHonorOrder', 'QualifyRedirectURL', 'ReadBufferSize', 'RegexDefaultOptions',
    'RegisterHttpMethod', 'RLimitCPU', 'RLimitMEM', 'RLimitNPROC', 'ScoreBoardFile', 'SeeRequestTail', 'ServerAdmin',
    'ServerAlias', 'ServerName', 'ServerPath', 'ServerRoot', 'ServerSignature', 'ServerTokens', 'SetHandler',
    'SetInputFilter', 'SetOutputFilter', 'StrictHostCheck', 'ThreadStackSize', 'Timeout', 'TraceEnable', 'UnDefine',
    'UseCanonicalName', 'UseCanonicalPhysicalPort',
  ],
  'event.c': [
    'AsyncRequestWorkerFactor', 'GracefulShutdownTimeout', 'Listen', 'ListenBacklog', 'ListenCoresBucketsRatio',
    'ListenTCPDeferAccept', 'MaxClients', 'MaxRequestWorkers', 'MaxSpareThreads', 'MinSpareThreads',
    'ReceiveBufferSize', 'SendBufferSize', 'ServerLimit', 'StartServers', 'ThreadLimit', 'ThreadsPerChild',
  ],
  'http_core.c': ['KeepAlive', 'KeepAliveTimeout', 'MaxKeepAliveRequests'],
  'mod_access_compat.c': ['allow', 'deny', 'order', 'Satisfy'],
  'mod_actions.c': ['Action', 'Script'],
  'mod_alias.c': [
    'Alias', 'AliasMatch', 'AliasPreservePath', 'Redirect', 'RedirectMatch', 'RedirectPermanent', 'RedirectRelative',
    'RedirectTemp', 'ScriptAlias', 'ScriptAliasMatch',
  ],
  'mod_allowmethods.c': ['AllowMethods'],
  'mod_auth_basic.c': ['AuthBasicAuthoritative', 'AuthBasicFake', 'AuthBasicProvider', 'AuthBasicUseDigestAlgorithm'],
  'mod_auth_digest.c': [
    'AuthDigestAlgorithm', 'AuthDigestDomain', 'AuthDigestNcCheck', 'AuthDigestNonceLifetime', 'AuthDigestProvider',
    'AuthDigestQop', 'AuthDigestShmemSize',
  ],
  'mod_auth_form.c': [
    'AuthFormAuthoritative', 'AuthFormBody', 'AuthFormDisableNoStore', 'AuthFormFakeBasicAuth', 'AuthFormLocation',
    'AuthFormLoginRequiredLocation', 'AuthFormLoginSuccessLocation', 'AuthFormLogoutLocation', 'AuthFormMethod',
    'AuthFormMimetype', 'AuthFormPassword', 'AuthFormProvider', 'AuthFormSitePassphrase', 'AuthFormSize',
    'AuthFormUsername',
  ],
  'mod_authn_anon.c': [
    'Anonymous', 'Anonymous_LogEmail', 'Anonymous_MustGiveEmail', 'Anonymous_NoUserId', 'Anonymous_VerifyEmail',
  ],
  'mod_authn_core.c': ['<AuthnProviderAlias', 'AuthName', 'AuthType'],
  'mod_authn_dbd.c': ['AuthDBDUserPWQuery', 'AuthDBDUserRealmQuery'],
  'mod_authn_dbm.c': ['AuthDBMType', 'AuthDBMUserFile'],
  'mod_authn_file.c': ['AuthUserFile'],
  'mod_authn_socache.c': [
    'AuthnCacheContext', 'AuthnCacheEnable', 'AuthnCacheProvideFor', 'AuthnCacheSOCache', 'AuthnCacheTimeout',
  ],
  'mod_authnz_fcgi.c': ['AuthnzFcgiCheckAuthnProvider', 'AuthnzFcgiDefineProvider'],
  'mod_authnz_ldap.c': [
    'AuthLDAPAuthorizePrefix', 'AuthLDAPBindAuthoritative', 'AuthLDAPBindDN', 'AuthLDAPBindPassword',
    'AuthLDAPCharsetConfig', 'AuthLDAPCompareAsUser', 'AuthLDAPCompareDNOnServer', 'AuthLDAPDereferenceAliases',
    'AuthLDAPGroupAttribute', 'AuthLDAPGroupAttributeIsDN', 'AuthLDAPInitialBindAsUser', 'AuthLDAPInitialBindPattern',
    'AuthLDAPMaxSubGroupDepth', 'AuthLDAPRemoteUserAttribute', 'AuthLDAPRemoteUserIsDN', 'AuthLDAPSearchAsUser',
    'AuthLDAPSubGroupAttribute', 'AuthLDAPSubGroupClass', 'AuthLDAPURL',
  ],
  'mod_authz_core.c': [
    '<AuthzProviderAlias', '<RequireAll', '<RequireAny', '<RequireNone', 'AuthMerging', 'AuthzSendForbiddenOnFailure',
    'Require',
  ],
  'mod_authz_dbd.c': ['AuthzDBDLoginToReferer', 'AuthzDBDQuery', 'AuthzDBDRedirectQuery'],
  'mod_authz_dbm.c': ['AuthDBMGroupFile', 'AuthzDBMType'],
  'mod_authz_groupfile.c': ['AuthGroupFile'],
  'mod_autoindex.c': [
    'AddAlt', 'AddAltByEncoding', 'AddAltByType', 'AddDescription', 'AddIcon', 'AddIconByEncoding', 'AddIconByType',
    'DefaultIcon', 'FancyIndexing', 'HeaderName', 'IndexHeadInsert', 'IndexIgnore', 'IndexIgnoreReset',
    'IndexOptions', 'IndexOrderDefault', 'IndexStyleSheet', 'ReadmeName',
  ],
  'mod_brotli.c': [
    'BrotliAlterETag', 'BrotliCompressionMaxInputBlock', 'BrotliCompressionQuality', 'BrotliCompressionWindow',
    'BrotliFilterNote',
  ],
  'mod_buffer.c': ['BufferSize'],
  'mod_cache.c': [
    'CacheDefaultExpire', 'CacheDetailHeader', 'CacheDisable', 'CacheEnable', 'CacheHeader',
    'CacheIgnoreCacheControl', 'CacheIgnoreHeaders', 'CacheIgnoreNoLastMod', 'CacheIgnoreQueryString',
    'CacheIgnoreURLSessionIdentifiers', 'CacheKeyBaseURL', 'CacheLastModifiedFactor', 'CacheLock', 'CacheLockMaxAge',
    'CacheLockPath', 'CacheMaxExpire', 'CacheMinExpire', 'CacheQuickHandler', 'CacheStaleOnError',
    'CacheStoreExpired', 'CacheStoreNoStore', 'CacheStorePrivate',
  ],
  'mod_cache_disk.c': [
    'CacheDirLength', 'CacheDirLevels', 'CacheMaxFileSize', 'CacheMinFileSize', 'CacheReadSize', 'CacheReadTime',
    'CacheRoot',
  ],
  'mod_cache_socache.c': [
    'CacheSocache', 'CacheSocacheMaxSize', 'CacheSocacheMaxTime', 'CacheSocacheMinTime', 'CacheSocacheReadSize',
    'CacheSocacheReadTime',
  ],
  'mod_case_filter.c': ['CaseFilter'],
  'mod_case_filter_in.c': ['CaseFilterIn'],
  'mod_cern_meta.c': ['MetaDir', 'MetaFiles', 'MetaSuffix'],
  'mod_cgi.c': ['CGIScriptTimeout', 'ScriptLog', 'ScriptLogBuffer', 'ScriptLogLength'],
  'mod_cgid.c': ['CGIDScriptTimeout', 'ScriptLog', 'ScriptLogBuffer', 'ScriptLogLength', 'ScriptSock'],
  'mod_charset_lite.c': ['CharsetDefault', 'CharsetOptions', 'CharsetSourceEnc'],
  'mod_dav.c': ['DAV', 'DAVBasePath', 'DAVDepthInfinity', 'DAVLockDiscovery', 'DAVMinTimeout'],
  'mod_dav_fs.c': ['DAVLockDB'],
  'mod_dav_lock.c': ['DAVGenericLockDB'],
  'mod_dbd.c': [
    'DBDExptime', 'DBDInitSQL', 'DBDKeep', 'DBDMax', 'DBDMin', 'DBDParams', 'DBDPersist', 'DBDPrepareSQL', 'DBDriver',
  ],
  'mod_deflate.c': [
    'DeflateAlterEtag', 'DeflateBufferSize', 'DeflateCompressionLevel', 'DeflateFilterNote',
    'DeflateInflateLimitRequestBody', 'DeflateInflateRatioBurst', 'DeflateInflateRatioLimit', 'DeflateMemLevel',
    'DeflateWindowSize',
  ],
  'mod_dialup.c': ['ModemStandard'],
  'mod_dir.c': [
    'DirectoryCheckHandler', 'DirectoryIndex', 'DirectoryIndexRedirect', 'DirectorySlash', 'FallbackResource',
  ],
  'mod_dumpio.c': ['DumpIOInput', 'DumpIOOutput'],
  'mod_echo.c': ['ProtocolEcho'],
  'mod_env.c': ['PassEnv', 'SetEnv', 'UnsetEnv'],
  'mod_expires.c': ['ExpiresActive', 'ExpiresByType', 'ExpiresDefault'],
  'mod_ext_filter.c': ['ExtFilterDefine', 'ExtFilterOptions'],
  'mod_file_cache.c': ['cachefile', 'mmapfile'],
  'mod_filter.c': [
    'AddOutputFilterByType', 'FilterChain', 'FilterDeclare', 'FilterProtocol', 'FilterProvider', 'FilterTrace',
  ],
  'mod_headers.c': ['Header', 'RequestHeader'],
  'mod_heartbeat.c': ['HeartbeatAddress'],
  'mod_heartmonitor.c': ['HeartbeatListen', 'HeartbeatMaxServers', 'HeartbeatStorage'],
  'mod_http2.c': [
    'H2CopyFiles', 'H2Direct', 'H2EarlyHint', 'H2EarlyHints', 'H2MaxDataFrameLen', 'H2MaxHeaderBlockLen',
    'H2MaxSessionStreams', 'H2MaxStreamErrors', 'H2MaxWorkerIdleSeconds', 'H2MaxWorkers', 'H2MinWorkers',
    'H2ModernTLSOnly', 'H2OutputBuffering', 'H2Padding', 'H2ProxyRequests', 'H2Push', 'H2PushDiarySize',
    'H2PushPriority', 'H2PushResource', 'H2SerializeHeaders', 'H2SessionExtraFiles', 'H2StreamMaxMemSize',
    'H2StreamTimeout', 'H2TLSCoolDownSecs', 'H2TLSWarmUpSize', 'H2Upgrade', 'H2WebSockets', 'H2WindowSize',
  ],
  'mod_ident.c': ['IdentityCheck', 'IdentityCheckTimeout'],
  'mod_imagemap.c': ['ImapBase', 'ImapDefault', 'ImapMenu'],
  'mod_include.c': [
    'SSIEndTag', 'SSIErrorMsg', 'SSIEtag', 'SSILastModified', 'SSILegacyExprParser', 'SSIStartTag', 'SSITimeFormat',
    'SSIUndefinedEcho', 'XBitHack',
  ],
  'mod_info.c': ['AddModuleInfo'],
  'mod_lbmethod_heartbeat.c': ['HeartbeatStorage'],
  'mod_log_config.c': ['BufferedLogs', 'CustomLog', 'GlobalLog', 'LogFormat', 'TransferLog'],
  'mod_log_debug.c': ['LogMessage'],
  'mod_log_forensic.c': ['ForensicLog'],
  'mod_logio.c': ['LogIOTrackTTFB'],
  'mod_lua.c': [
    '<LuaHookAccessChecker', '<LuaHookAuthChecker', '<LuaHookCheckUserID', '<LuaHookFixups', '<LuaHookMapToStorage',
    '<LuaHookPreTranslateName', '<LuaHookTranslateName', '<LuaHookTypeChecker', '<LuaQuickHandler',
    'Lua_____ByteCodeHack', 'LuaAuthzProvider', 'LuaCodeCache', 'LuaHookAccessChecker', 'LuaHookAuthChecker',
    'LuaHookCheckUserID', 'LuaHookFixups', 'LuaHookInsertFilter', 'LuaHookLog', 'LuaHookMapToStorage',
    'LuaHookPreTranslateName', 'LuaHookTranslateName', 'LuaHookTypeChecker', 'LuaInherit', 'LuaInputFilter',
    'LuaMapHandler', 'LuaOutputFilter', 'LuaPackageCPath', 'LuaPackagePath', 'LuaQuickHandler', 'LuaRoot', 'LuaScope',
  ],
  'mod_macro.c': ['<Macro', 'MacroIgnoreBadNesting', 'MacroIgnoreEmptyArgs', 'UndefMacro', 'Use'],
  'mod_md.c': [
    '<MDomain', '<MDomainSet', 'MDActivationDelay', 'MDBaseServer', 'MDCACertificateFile', 'MDCAChallenges',
    'MDCertificateAgreement', 'MDCertificateAuthority', 'MDCertificateCheck', 'MDCertificateFile',
    'MDCertificateKeyFile', 'MDCertificateProtocol', 'MDCertificateStatus', 'MDChallengeDns01',
    'MDChallengeDns01Version', 'MDCheckInterval', 'MDContactEmail', 'MDDriveMode', 'MDExternalAccountBinding',
    'MDHttpProxy', 'MDHttpProxyCACertificateFile', 'MDInitialDelay', 'MDMatchNames', 'MDMember', 'MDMembers',
    'MDMessageCmd', 'MDMustStaple', 'MDNotifyCmd', 'MDomain', 'MDPortMap', 'MDPrivateKeys', 'MDProfile',
    'MDProfileMandatory', 'MDRenewMode', 'MDRenewViaARI', 'MDRenewWindow', 'MDRequireHttps', 'MDRetryDelay',
    'MDRetryFailover', 'MDServerStatus', 'MDStapleOthers', 'MDStapling', 'MDStaplingKeepResponse',
    'MDStaplingRenewWindow', 'MDStoreDir', 'MDStoreLocks', 'MDWarnWindow',
  ],
  'mod_mime.c': [
    'AddCharset', 'AddEncoding', 'AddHandler', 'AddInputFilter', 'AddLanguage', 'AddOutputFilter', 'AddType',
    'DefaultLanguage', 'ModMimeUsePathInfo', 'MultiviewsMatch', 'RemoveCharset', 'RemoveEncoding', 'RemoveHandler',
    'RemoveInputFilter', 'RemoveLanguage', 'RemoveOutputFilter', 'RemoveType', 'TypesConfig',
  ],
  'mod_mime_magic.c': ['MimeMagicFile'],
  'mod_negotiation.c': ['CacheNegotiatedDocs', 'ForceLanguagePriority', 'LanguagePriority'],
  'mod_proxy.c': [
    '<Proxy', '<ProxyMatch', 'BalancerGrowth', 'BalancerInherit', 'BalancerMember', 'BalancerPersist', 'NoProxy',
    'Proxy100Continue', 'ProxyAddHeaders', 'ProxyBadHeader', 'ProxyBlock', 'ProxyDomain', 'ProxyErrorOverride',
    'ProxyIOBufferSize', 'ProxyMaxForwards', 'ProxyPass', 'ProxyPassInherit', 'ProxyPassInterpolateEnv',
    'ProxyPassMatch', 'ProxyPassReverse', 'ProxyPassReverseCookieDomain', 'ProxyPassReverseCookiePath',
    'ProxyPreserveHost', 'ProxyReceiveBufferSize', 'ProxyRemote', 'ProxyRemoteMatch', 'ProxyRequests', 'ProxySet',
    'ProxySourceAddress', 'ProxyStatus', 'ProxyTimeout', 'ProxyVia',
  ],
  'mod_proxy_connect.c': ['AllowCONNECT'],
  'mod_proxy_express.c': ['ProxyExpressDBMFile', 'ProxyExpressDBMType', 'ProxyExpressEnable'],
  'mod_proxy_fcgi.c': ['ProxyFCGIBackendType', 'ProxyFCGISetEnvIf'],
  'mod_proxy_ftp.c': ['ProxyFtpDirCharset', 'ProxyFtpEscapeWildcards', 'ProxyFtpListOnWildcard'],
  'mod_proxy_hcheck.c': ['ProxyHCExpr', 'ProxyHCTemplate', 'ProxyHCTPsize'],
  'mod_proxy_html.c': [
    'ProxyHTMLBufSize', 'ProxyHTMLCharsetOut', 'ProxyHTMLDoctype', 'ProxyHTMLEnable', 'ProxyHTMLEvents',
    'ProxyHTMLExtended', 'ProxyHTMLFixups', 'ProxyHTMLInterp', 'ProxyHTMLLinks', 'ProxyHTMLMeta',
    'ProxyHTMLStripComments', 'ProxyHTMLURLMap',
  ],
  'mod_proxy_scgi.c': ['ProxySCGIInternalRedirect', 'ProxySCGISendfile'],
  'mod_proxy_wstunnel.c': ['ProxyWebsocketFallbackToProxyHttp'],
  'mod_reflector.c': ['ReflectorHeader'],
  'mod_remoteip.c': [
    'RemoteIPHeader', 'RemoteIPInternalProxy', 'RemoteIPInternalProxyList', 'RemoteIPProxiesHeader',
    'RemoteIPProxyProtocol', 'RemoteIPProxyProtocolExceptions', 'RemoteIPTrustedProxy', 'RemoteIPTrustedProxyList',
  ],
  'mod_reqtimeout.c': ['RequestReadTimeout'],
  'mod_request.c': ['KeptBodySize'],
  'mod_rewrite.c': ['RewriteBase', 'RewriteCond', 'RewriteEngine', 'RewriteMap', 'RewriteOptions', 'RewriteRule'],
  'mod_sed.c': ['InputSed', 'OutputSed'],
  'mod_session.c': [
    'Session', 'SessionEnv', 'SessionExclude', 'SessionExpiryUpdateInterval', 'SessionHeader', 'SessionInclude',
    'SessionMaxAge',
  ],
  'mod_session_cookie.c': ['SessionCookieName', 'SessionCookieName2', 'SessionCookieRemove'],
  'mod_session_crypto.c': [
    'SessionCryptoCipher', 'SessionCryptoDriver', 'SessionCryptoPassphrase', 'SessionCryptoPassphraseFile',
  ],
  'mod_session_dbd.c': [
    'SessionDBDCookieName', 'SessionDBDCookieName2', 'SessionDBDCookieRemove', 'SessionDBDDeleteLabel',
    'SessionDBDInsertLabel', 'SessionDBDPerUser', 'SessionDBDSelectLabel', 'SessionDBDUpdateLabel',
  ],
  'mod_setenvif.c': ['BrowserMatch', 'BrowserMatchNoCase', 'SetEnvIf', 'SetEnvIfExpr', 'SetEnvIfNoCase'],
  'mod_so.c': ['LoadFile', 'LoadModule'],
  'mod_socache_memcache.c': ['MemcacheConnTTL'],
  'mod_socache_redis.c': ['RedisConnPoolTTL', 'RedisTimeout'],
  'mod_speling.c': ['CheckBasenameMatch', 'CheckCaseOnly', 'CheckSpelling'],
  'mod_ssl.c': [
    'SSLCACertificateFile', 'SSLCACertificatePath', 'SSLCADNRequestFile', 'SSLCADNRequestPath',
    'SSLCARevocationCheck', 'SSLCARevocationFile', 'SSLCARevocationPath', 'SSLCertificateChainFile',
    'SSLCertificateFile', 'SSLCertificateKeyFile', 'SSLCipherSuite', 'SSLCompression', 'SSLCryptoDevice', 'SSLEngine',
    'SSLFIPS', 'SSLHonorCipherOrder', 'SSLInsecureRenegotiation', 'SSLLog', 'SSLLogLevel', 'SSLOCSPDefaultResponder',
    'SSLOCSPEnable', 'SSLOCSPNoVerify', 'SSLOCSPOverrideResponder', 'SSLOCSPProxyURL',
    'SSLOCSPResponderCertificateFile', 'SSLOCSPResponderTimeout', 'SSLOCSPResponseMaxAge', 'SSLOCSPResponseTimeSkew',
    'SSLOCSPUseRequestNonce', 'SSLOpenSSLConfCmd', 'SSLOptions', 'SSLPassPhraseDialog', 'SSLProtocol',
    'SSLProxyCACertificateFile', 'SSLProxyCACertificatePath', 'SSLProxyCARevocationCheck', 'SSLProxyCARevocationFile',
    'SSLProxyCARevocationPath', 'SSLProxyCheckPeerCN', 'SSLProxyCheckPeerExpire', 'SSLProxyCheckPeerName',
    'SSLProxyCipherSuite', 'SSLProxyEngine', 'SSLProxyMachineCertificateChainFile', 'SSLProxyMachineCertificateFile',
    'SSLProxyMachineCertificatePath', 'SSLProxyProtocol', 'SSLProxyVerify', 'SSLProxyVerifyDepth', 'SSLRandomSeed',
    'SSLRenegBufferSize', 'SSLRequire', 'SSLRequireSSL', 'SSLSessionCache', 'SSLSessionCacheTimeout',
    'SSLSessionTicketKeyFile', 'SSLSessionTickets', 'SSLSRPUnknownUserSeed', 'SSLSRPVerifierFile', 'SSLStaplingCache',
    'SSLStaplingErrorCacheTimeout', 'SSLStaplingFakeTryLater', 'SSLStaplingForceURL', 'SSLStaplingResponderTimeout',
    'SSLStaplingResponseMaxAge', 'SSLStaplingResponseTimeSkew', 'SSLStaplingReturnResponderErrors',
    'SSLStaplingStandardCacheTimeout', 'SSLStrictSNIVHostCheck', 'SSLUserName', 'SSLUseStapling', 'SSLVerifyClient',
    'SSLVerifyDepth', 'SSLVHostSNIPolicy',
  ],
  'mod_substitute.c': ['Substitute', 'SubstituteInheritBefore', 'SubstituteMaxLineLength'],
  'mod_suexec.c': ['SuexecUserGroup'],
  'mod_unixd.c': ['ChrootDir', 'Group', 'Suexec', 'User'],
  'mod_userdir.c': ['UserDir'],
  'mod_usertrack.c': [
    'CookieDomain', 'CookieExpires', 'CookieHttpOnly', 'CookieName', 'CookieSameSite', 'CookieSecure', 'CookieStyle',
    'CookieTracking',
  ],
  'mod_version.c': ['<IfVersion'],
  'mod_vhost_alias.c': ['VirtualDocumentRoot', 'VirtualDocumentRootIP', 'VirtualScriptAlias', 'VirtualScriptAliasIP'],
  'mod_watchdog.c': ['WatchdogInterval'],
  'mod_xml2enc.c': ['xml2EncAlias', 'xml2EncDefault', 'xml2StartParse'],
  'prefork.c': [
    'GracefulShutdownTimeout', 'Listen', 'ListenBacklog', 'ListenCoresBucketsRatio', 'ListenTCPDeferAccept',
    'MaxClients', 'MaxRequestWorkers', 'MaxSpareServers', 'MinSpareServers', 'ReceiveBufferSize', 'SendBufferSize',
    'ServerLimit', 'StartServers',
  ],
  'util_ldap.c': [
    'LDAPCacheEntries', 'LDAPCacheTTL', 'LDAPConnectionPoolTTL', 'LDAPConnectionTimeout', 'LDAPLibraryDebug',
    'LDAPOpCacheEntries', 'LDAPOpCacheTTL', 'LDAPReferralHopLimit', 'LDAPReferrals', 'LDAPRetries', 'LDAPRetryDelay',
    'LDAPSharedCacheFile', 'LDAPSharedCacheSize', 'LDAPTimeout', 'LDAPTrustedClientCert', 'LDAPTrustedGlobalCert',
    'LDAPTrustedMode', 'LDAPVerifyServerCert',
  ],
  'worker.c': [
    'GracefulShutdownTimeout', 'Listen', 'ListenBacklog', 'ListenCoresBucketsRatio', 'ListenTCPDeferAccept',
    'MaxClients', 'MaxRequestWorkers', 'MaxSpareThreads', 'MinSpareThreads', 'ReceiveBufferSize', 'SendBufferSize',
    'ServerLimit', 'StartServers', 'ThreadLimit', 'ThreadsPerChild',
  ],
};

let registrations: Map<string, string[]> | undefined;

/** Lowercase directive name (sections without `<`) to the modules (source file names) that register it. */
export function modulesRegistering(name: string): readonly string[] {
  if (!registrations) {
    registrations = new Map();
    for (const [module, names] of Object.entries(DIRECTIVES_BY_MODULE)) {
      for (const n of names) {
        const key = n.replace(/^</, '').toLowerCase();
        registrations.set(key, [...(registrations.get(key) ?? []), module]);
      }
    }
  }
  return registrations.get(name) ?? [];
}
