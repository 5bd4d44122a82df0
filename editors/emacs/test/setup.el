;;; setup.el --- unit tests of lspilot.el  -*- lexical-binding: t; -*-

;; Run by emacs_test.go as
;;   emacs --batch -l ert -l test/setup.el -f ert-run-tests-batch-and-exit

;;; Code:

(require 'ert)
(require 'eglot)
(defconst setup-dir (expand-file-name ".." (file-name-directory load-file-name)))
(add-to-list 'load-path setup-dir)
(require 'lspilot)

(ert-deftest lspilot-compiles-cleanly ()
  (let* ((byte-compile-error-on-warn t)
         (dir (make-temp-file "lspilot-elc" t))
         (byte-compile-dest-file-function
          (lambda (src) (expand-file-name (concat (file-name-nondirectory src) "c") dir))))
    (unwind-protect
        (should (byte-compile-file (expand-file-name "lspilot.el" setup-dir)))
      (delete-directory dir t))))

(ert-deftest lspilot-eglot-setup-registers-each-mode ()
  (let ((eglot-server-programs (copy-tree eglot-server-programs)))
    (lspilot-eglot-setup)
    (lspilot-eglot-setup) ; idempotent
    (should (= (cl-count #'lspilot--contact eglot-server-programs :key #'cdr)
               (length lspilot-modes)))
    (dolist (tt '((python-mode "python") (c++-mode "cpp") (js-mode "javascript")
                  (sh-mode "shellscript") (tsx-ts-mode "typescriptreact")))
      (pcase-let ((`(,modes ,language-id ,contact) (eglot--lookup-mode (car tt))))
        (should (equal (car modes) (car tt)))
        (should (equal language-id (cadr tt)))
        (should (eq contact #'lspilot--contact))))))

(ert-deftest lspilot-eglot-setup-follows-lspilot-modes ()
  (let ((eglot-server-programs (copy-tree eglot-server-programs))
        (lspilot-modes '((python-mode . "python"))))
    (lspilot-eglot-setup)
    (should (eq (nth 2 (eglot--lookup-mode 'python-mode)) #'lspilot--contact))
    (should-not (eq (nth 2 (eglot--lookup-mode 'c-mode)) #'lspilot--contact))))

(ert-deftest lspilot-contact ()
  (dolist (tt `((:give-command ("lspilot" "serve" "--remote=auto") :give-options nil
                 :want ("lspilot" "serve" "--remote=auto"))
                (:give-command ("/opt/lspilot" "serve") :give-options (:server (:maxMessageBytes 2048))
                 :want ("/opt/lspilot" "serve" :initializationOptions (:server (:maxMessageBytes 2048))))))
    (let ((lspilot-command (plist-get tt :give-command))
          (lspilot-initialization-options (plist-get tt :give-options)))
      (should (equal (lspilot--contact nil) (plist-get tt :want))))))

(ert-deftest lspilot-describe-status ()
  (should (equal (lspilot--describe-status
                  '(:pid 42 :version "v1.2.3" :sessions 2 :totalSessions 9
                    :uptimeSeconds 3725 :openDocuments 1 :state "ready"
                    :model "qwen2.5-coder:1.5b-base" :backendUrl "http://127.0.0.1:11434"
                    :latency (:samples 12 :p50Ms 180 :p95Ms 420 :p99Ms 500)))
                 "lspilot v1.2.3 (pid 42): ready, qwen2.5-coder:1.5b-base on http://127.0.0.1:11434, first suggestion p50 180 ms p95 420 ms; 2 sessions, 1 open document, up 1h 2m"))
  (should (equal (lspilot--describe-status
                  '(:pid 42 :version "v1.2.3" :sessions 1 :totalSessions 1
                    :uptimeSeconds 5 :openDocuments 0 :state "backend down"
                    :latency (:samples 0) :lastError "connection refused"))
                 "lspilot v1.2.3 (pid 42): backend down; 1 session, 0 open documents, up 5s; last error: connection refused"))
  (dolist (tt '((0 "0s") (59 "59s") (61 "1m 1s") (7200 "2h 0m")))
    (should (equal (lspilot--duration (car tt)) (cadr tt)))))

(ert-deftest lspilot-mode-line-follows-status ()
  (let ((lspilot-state nil))
    (should (null (lspilot--mode-line)))
    (dolist (tt '(((:busy :json-false :kind "Normal") " lspilot")
                  ((:busy t :kind "Normal") " lspilot:busy")
                  ((:busy :json-false :kind "Warning") " lspilot:no-backend")
                  ((:busy :json-false :kind "Error") " lspilot:down")
                  ((:busy :json-false :kind "Inactive") " lspilot:off")))
      (setq lspilot-state (car tt))
      (should (equal (substring-no-properties (lspilot--mode-line)) (cadr tt))))
    (should (memq 'lspilot-mode-line global-mode-string))))

;;; setup.el ends here
