;;; setup.el --- unit tests of lspilot.el  -*- lexical-binding: t; -*-

;; Run by emacs_test.go as
;;   emacs --batch -l ert -l test/setup.el -f ert-run-tests-batch-and-exit

;;; Code:

(require 'ert)
(require 'eglot)
(defconst setup-dir (expand-file-name ".." (file-name-directory load-file-name)))
(add-to-list 'load-path setup-dir)
(require 'lspilot)

(require 'lspilot-eglot)

(ert-deftest lspilot-compiles-cleanly ()
  (let* ((byte-compile-error-on-warn t)
         (dir (make-temp-file "lspilot-elc" t))
         (byte-compile-dest-file-function
          (lambda (src) (expand-file-name (concat (file-name-nondirectory src) "c") dir))))
    (unwind-protect
        (dolist (file '("lspilot-conn.el" "lspilot-ghost.el" "lspilot-nextedit.el" "lspilot-eglot.el" "lspilot.el"))
          (should (byte-compile-file (expand-file-name file setup-dir))))
      (delete-directory dir t))))

(ert-deftest lspilot-positions-count-utf-16 ()
  (with-temp-buffer
    (insert "a\U0001F600b\nx\U0001D535y \u00e9\n")
    (dolist (tt '((1 (:line 0 :character 0)) (2 (:line 0 :character 1))
                  (3 (:line 0 :character 3)) (4 (:line 0 :character 4))
                  (5 (:line 1 :character 0)) (7 (:line 1 :character 3))
                  (10 (:line 1 :character 6)) (11 (:line 2 :character 0))))
      (should (equal (lspilot--pos (car tt)) (cadr tt)))
      (should (= (lspilot--point (cadr tt)) (car tt))))
    ;; Beyond a line's end, or the buffer's, stops there.
    (should (= (lspilot--point '(:line 0 :character 40)) 4))
    (should (= (lspilot--point '(:line 9 :character 0)) (point-max)))
    (narrow-to-region 5 8)
    (should (equal (lspilot--pos 7) '(:line 1 :character 3)))
    (should (= (lspilot--string-utf16-length "x\U0001D535y") 4))))

(defclass setup-connection (jsonrpc-connection)
  ((sent :initform nil :documentation "Messages sent, newest first."))
  :documentation "A connection that keeps what it is asked to send.")
(cl-defmethod jsonrpc-connection-send ((conn setup-connection) &rest message)
  (push message (oref conn sent)))
(cl-defmethod jsonrpc-running-p ((_conn setup-connection)) t)
(cl-defmethod lspilot--conn-stopping ((_conn setup-connection)) nil)

(ert-deftest lspilot-changes-go-incrementally-in-utf-16 ()
  (with-temp-buffer
    (setq buffer-file-name (expand-file-name "setup.txt" temporary-file-directory))
    (let ((conn (make-instance 'setup-connection :name "setup")))
      (setq lspilot--conn conn lspilot--opened t)
      (add-hook 'before-change-functions #'lspilot--before-change nil t)
      (add-hook 'after-change-functions #'lspilot--after-change nil t)
      (insert "a\U0001F600b\n")
      (goto-char 4)
      (insert "x")
      (delete-region 1 3)
      (lspilot--flush)
      (pcase-let ((`(:method ,method :params ,params) (car (oref conn sent))))
        (should (eq method :textDocument/didChange))
        (should (equal (plist-get (plist-get params :textDocument) :version) 1))
        (should (equal (plist-get params :contentChanges)
                       [(:range (:start (:line 0 :character 0) :end (:line 0 :character 0))
                                :text "a\U0001F600b\n")
                        (:range (:start (:line 0 :character 4) :end (:line 0 :character 4)) :text "x")
                        (:range (:start (:line 0 :character 0) :end (:line 0 :character 3)) :text "")])))
      ;; A change Emacs reports inexactly sends the whole text.
      (setq lspilot--changes nil)
      (lspilot--before-change 1 2)
      (lspilot--after-change 1 3 5)
      (lspilot--flush)
      (should (equal (plist-get (plist-get (car (oref conn sent)) :params) :contentChanges)
                     (vector (list :text (buffer-string))))))))

(ert-deftest lspilot-cancel-sends-cancel-request ()
  (with-temp-buffer
    (let ((conn (make-instance 'setup-connection :name "setup")))
      (setq lspilot--pending (cons 7 conn))
      (lspilot--cancel)
      (should (equal (car (oref conn sent)) '(:method :$/cancelRequest :params (:id 7))))
      (should-not lspilot--pending))))

(ert-deftest lspilot-suggestion-at-point ()
  (with-temp-buffer
    (insert "package p\nf)")
    (backward-char)
    (dolist (tt '((:give (:insertText "func x" :range (:start (:line 1 :character 0) :end (:line 1 :character 1)))
                   :want ("unc x" 0 1))
                  (:give (:insertText "func x)" :range (:start (:line 1 :character 0) :end (:line 1 :character 2)))
                   :want ("unc x)" 1 1))
                  (:give (:insertText "unc" :range (:start (:line 1 :character 1) :end (:line 1 :character 1)))
                   :want ("unc" 0 0))
                  (:give (:insertText (:kind "snippet" :value "unc") :range nil) :want ("unc" 0 0))
                  (:give (:insertText "gunc" :range (:start (:line 1 :character 0) :end (:line 1 :character 1)))
                   :want nil)
                  (:give (:insertText "f" :range (:start (:line 1 :character 0) :end (:line 1 :character 1)))
                   :want nil)))
      (let ((s (lspilot--suggestion-at-point (plist-get tt :give))))
        (should (equal (and s (list (lspilot--suggestion-text s) (lspilot--suggestion-replace s)
                                    (lspilot--suggestion-accepted s)))
                       (plist-get tt :want)))))))

(defun setup-show (text)
  "Show TEXT as the suggestion at point."
  (setq lspilot--suggestions (list (make-lspilot--suggestion :item (list :insertText text)
                                                             :text text :replace 0 :accepted 0))
        lspilot--index 0)
  (lspilot--show))

(defun setup-ghost ()
  "The ghost text shown, or nil."
  (and lspilot--showing (overlay-get lspilot--overlay 'after-string)))

(ert-deftest lspilot-accept-word-line-and-all ()
  (with-temp-buffer
    (setup-show "func fib(n int) int {\n\tif n < 2 {\n\t\treturn n")
    (should (equal (substring-no-properties (setup-ghost)) "func fib(n int) int {\n\tif n < 2 {\n\t\treturn n"))
    (should (eq (get-text-property 0 'cursor (setup-ghost)) t))
    (dolist (tt '((lspilot-accept-word "func" " fib(n int)")
                  (lspilot-accept-word "func fib" "(n int)")
                  (lspilot-accept-word "func fib(" "n int)")
                  (lspilot-accept-line "func fib(n int) int {\n" "\tif n < 2 {\n")
                  (lspilot-accept-line "func fib(n int) int {\n\tif n < 2 {\n" "\t\treturn n")
                  (lspilot-accept "func fib(n int) int {\n\tif n < 2 {\n\t\treturn n" nil)))
      (funcall (car tt))
      (should (equal (buffer-string) (nth 1 tt)))
      (should (= (point) (point-max)))
      (if (nth 2 tt)
          (should (string-prefix-p (nth 2 tt) (substring-no-properties (setup-ghost))))
        (should-not (setup-ghost))))))

(ert-deftest lspilot-accept-replaces-its-range ()
  (with-temp-buffer
    (insert "f()")
    (goto-char 3)
    (setq lspilot--suggestions (list (make-lspilot--suggestion :item nil :text "x)" :replace 1 :accepted 0))
          lspilot--index 0)
    (lspilot--show)
    (should (equal (overlay-get lspilot--overlay 'display) "x)"))
    (lspilot-accept)
    (should (equal (buffer-string) "f(x)"))
    (should (= (point) 5))))

(ert-deftest lspilot-keys-only-while-a-suggestion-shows ()
  (with-temp-buffer
    (prog-mode)
    (let ((global (key-binding (kbd "TAB"))))
      (should-not (eq global 'lspilot-accept))
      (setup-show "x")
      (dolist (tt '(("TAB" lspilot-accept) ("M-f" lspilot-accept-word) ("M-e" lspilot-accept-line)
                    ("M-n" lspilot-next) ("M-p" lspilot-previous) ("C-g" lspilot-dismiss)))
        (should (eq (key-binding (kbd (car tt))) (cadr tt))))
      (lspilot-dismiss)
      (should-not (setup-ghost))
      (should (eq (key-binding (kbd "TAB")) global)))))

(defun setup-lookup (mode)
  "(MODE LANGUAGE-ID CONTACT) as Eglot finds them for MODE, in Eglot 1.9 or later."
  (let ((found (eglot--lookup-mode mode)))
    (if (consp (car-safe (car found)))
        (list (car (car (car found))) (cdr (car (car found))) (cdr found)) ; (LANGUAGES . CONTACT)
      (list (car (nth 0 found)) (nth 1 found) (nth 2 found)))))     ; (MODES LANGUAGE-ID CONTACT)

(ert-deftest lspilot-eglot-setup-registers-each-mode ()
  (let ((eglot-server-programs (copy-tree eglot-server-programs)))
    (lspilot-eglot-setup)
    (lspilot-eglot-setup) ; idempotent
    (should (= (cl-count #'lspilot--contact eglot-server-programs :key #'cdr)
               (length lspilot-modes)))
    (dolist (tt '((python-mode "python") (c++-mode "cpp") (js-mode "javascript")
                  (sh-mode "shellscript") (tsx-ts-mode "typescriptreact")))
      (pcase-let ((`(,mode ,language-id ,contact) (setup-lookup (car tt))))
        (should (equal mode (car tt)))
        (should (equal language-id (cadr tt)))
        (should (eq contact #'lspilot--contact))))))

(ert-deftest lspilot-eglot-setup-follows-lspilot-modes ()
  (let ((eglot-server-programs (copy-tree eglot-server-programs))
        (lspilot-modes '((python-mode . "python"))))
    (lspilot-eglot-setup)
    (should (eq (nth 2 (setup-lookup 'python-mode)) #'lspilot--contact))
    (should-not (eq (nth 2 (setup-lookup 'c-mode)) #'lspilot--contact))))

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

(ert-deftest lspilot-language-id ()
  (with-temp-buffer
    (dolist (tt '((python-mode "python") (c++-mode "cpp") (emacs-lisp-mode "emacs-lisp")
                  (perl-mode "perl")))
      (let ((major-mode (car tt)))
        (should (equal (lspilot--language-id) (cadr tt)))))
    (let ((major-mode 'zig-ts-mode))
      (should (equal (lspilot--language-id) "zig")))))

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
