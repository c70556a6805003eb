;; forbidlint with Emacs 28 and eglot 1.9 (Debian 12: apt install elpa-eglot), as docs/editors.md shows it.
(require 'eglot)
;; Emacs has no nginx or Apache mode of its own: a mode derived from conf-space-mode names them for eglot.
(define-derived-mode nginx-conf-mode conf-space-mode "nginx")
(define-derived-mode apache-conf-mode conf-space-mode "apache")
(add-to-list 'auto-mode-alist '("\\(/nginx/.*\\|nginx\\)\\.conf\\'\\|/sites-\\(enabled\\|available\\)/" . nginx-conf-mode))
(add-to-list 'auto-mode-alist '("\\.htaccess\\'\\|\\(apache2\\|httpd\\)\\.conf\\'" . apache-conf-mode))
(add-to-list 'eglot-server-programs `((nginx-conf-mode :language-id "nginx") . (,(or (getenv "FORBIDLINT") "forbidlint") "lsp" "--stdio")))
(add-to-list 'eglot-server-programs `((apache-conf-mode :language-id "apacheconf") . (,(or (getenv "FORBIDLINT") "forbidlint") "lsp" "--stdio")))
(add-hook 'nginx-conf-mode-hook #'eglot-ensure)
(add-hook 'apache-conf-mode-hook #'eglot-ensure)
