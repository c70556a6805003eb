/**
 * Where lint on the Apache real-world deployments still differs from what apache2 answers, by
 * name: a fixed entry fails the suite until it is taken off, so the lists only shrink.
 */

/** 403s apache2 answers with no finding at the cause: `deployment: request`, grouped by why. */
export const KNOWN_LINT_MISSES: string[] = [
  // Decided inside an application's .htaccess (<Files>/<FilesMatch> Require all denied, Deny from
  // all, RewriteRule [F], RedirectMatch 403, Options -Indexes): the probe asks the URLs an
  // .htaccess names literally, not those only a pattern names (alternations and classes of names
  // it does not turn into URLs).
  'dokuwiki: GET dokuwiki.test/README',
  'dokuwiki: GET dokuwiki.test/VERSION',
  // A guard on httpd's own .htaccess files, which belong where they are: exposure/guarded-files
  // leaves them out, and the line refuses nothing else the probe asks.
  'dokuwiki: GET dokuwiki.test/.htaccess',
  'drupal: GET drupal.test/core/lib/Drupal.php',
  'drupal: GET drupal.test/autoload.php',
  'drupal: GET drupal.test/sites/default/settings.php',
  'grav: GET grav.test/user/pages/01.home/default.md',
  'grav: GET grav.test/composer.json',
  'grav: GET grav.test/search?GLOBALS=1',
  'joomla: GET joomla.test/?GLOBALS=x',
  'magento: GET magento.test/.htaccess', // a guard on .htaccess, as above
  'mediawiki: GET mediawiki.test/w/images/a/ab/Photo.jpg?x=evil.php',
  'shaarli: PROPFIND shaarli.test/login',
];

/** Errors apache2 does not bear out: `deployment: rule: path or line (why)`. */
export const KNOWN_LINT_FALSE_ERRORS: string[] = [];
