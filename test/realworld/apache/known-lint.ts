/**
 * Where lint on the Apache real-world deployments still differs from what apache2 answers, by
 * name: a fixed entry fails the suite until it is taken off, so the lists only shrink.
 */

/** 403s apache2 answers with no finding at the cause: `deployment: request`, grouped by why. */
export const KNOWN_LINT_MISSES: string[] = [
  // A directory below the served root with no DirectoryIndex file and Options without Indexes
  // (AH01276): apache/indexes-without-index asks served roots and named <Directory> sections only.
  'codeigniter: GET codeigniter.test/assets/',
  // Decided inside an application's .htaccess (<Files>/<FilesMatch> Require all denied, Deny from
  // all, RewriteRule [F], RedirectMatch 403, Options -Indexes): the probe asks the URLs an
  // .htaccess names literally, not those only a pattern names (alternations and classes of names
  // it does not turn into URLs), and hidden-file guards stay unreported by design.
  'dokuwiki: GET dokuwiki.test/README',
  'dokuwiki: GET dokuwiki.test/VERSION',
  'dokuwiki: GET dokuwiki.test/.htaccess',
  'drupal: GET drupal.test/core/lib/Drupal.php',
  'drupal: GET drupal.test/autoload.php',
  'drupal: GET drupal.test/sites/default/settings.php',
  'drupal: GET drupal.test/core/core.services.yml',
  'drupal: GET drupal.test/modules/contrib/token/token.module',
  'drupal: GET drupal.test/backup.sql',
  'drupal: GET drupal.test/.git/HEAD',
  'drupal: GET drupal.test/.git/',
  'drupal: GET drupal.test/.git',
  'drupal: GET drupal.test/sites/default/files/',
  'grav: GET grav.test/user/pages/01.home/default.md',
  'grav: GET grav.test/cache/compiled/x.php',
  'grav: GET grav.test/.git/HEAD',
  'grav: GET grav.test/composer.json',
  'grav: GET grav.test/search?GLOBALS=1',
  'h5bp: GET h5bp.test/.git/config',
  'h5bp: GET h5bp.test/.git/',
  'h5bp: GET h5bp.test/img/',
  'joomla: GET joomla.test/?GLOBALS=x',
  'joomla: GET joomla.test/cache/',
  'magento: GET magento.test/.gitignore',
  'magento: GET magento.test/.htaccess',
  'magento: GET magento.test/.git/HEAD',
  'mediawiki: GET mediawiki.test/w/images/a/ab/Photo.jpg?x=evil.php',
  'shaarli: GET shaarli.test/vendor/autoload.php',
  'shaarli: GET shaarli.test/.git/config',
  'shaarli: PROPFIND shaarli.test/login',
  // The same AH01276 below the root, decided by the site's <Directory> Options.
  'wordpress: GET wordpress.test/wp-content/uploads/',
];

/** Errors apache2 does not bear out: `deployment: rule: path or line (why)`. */
export const KNOWN_LINT_FALSE_ERRORS: string[] = [];
