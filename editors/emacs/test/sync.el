;;; sync.el --- edit buffers in Eglot against the real lspilot  -*- lexical-binding: t; -*-

;; Run by emacs_test.go as
;;   emacs --batch -l test/sync.el
;; with LSPILOT_BIN (the lspilot binary), LSPILOT_WORK (a directory for the
;; edited file), LSPILOT_OUT (where the results go, as JSON) and
;; LSPILOT_CLIENT: "mode" for `lspilot-mode's own connection, shut down by
;; closing its last buffer, "mode-command" for the same shut down with M-x
;; lspilot-shutdown, "eglot" for Eglot's.  Each case edits the buffer the way a user would, then asks
;; lspilot for its copy of the document and compares its SHA-256 with the
;; buffer's UTF-8 bytes.

;;; Code:

(require 'cl-lib)
(require 'json)
(add-to-list 'load-path (expand-file-name ".." (file-name-directory load-file-name)))
(require 'lspilot)

(defvar sync-errors nil "Errors seen, newest first.")
(defconst sync-eglot (equal (getenv "LSPILOT_CLIENT") "eglot"))

(when sync-eglot
  (require 'eglot)
  ;; Errors the server shows the user fail the test.
  (cl-defmethod eglot-handle-notification :before
    (_server (_method (eql window/showMessage)) &key type message)
    (when (<= type 1)
      (push (format "lspilot showed an error: %s" message) sync-errors))))

(defun sync-connect ()
  "Connect the buffer to lspilot and return the process."
  (if sync-eglot
      (progn (apply #'eglot (eglot--guess-contact))
             (jsonrpc--process (or (eglot-current-server) (error "Eglot did not connect"))))
    (lspilot-mode 1)
    (with-timeout (20 (error "lspilot-mode did not open the document within 20 s"))
      (while (not lspilot--opened)
        (accept-process-output nil 0.05)))
    (jsonrpc--process lspilot--conn)))

(defun sync-stop (process)
  "Shut lspilot down and return its exit status once PROCESS is gone."
  (cond
   ((equal (getenv "LSPILOT_CLIENT") "mode-command")
    (lspilot-shutdown))
   ((not sync-eglot)
    (kill-buffer)
    (with-timeout (10 (error "lspilot still runs 10 s after its last buffer closed"))
      (while (process-live-p process)
        (accept-process-output process 0.05)))
    (process-exit-status process))
   (t
    ;; shutdown and exit by hand: eglot-shutdown (through jsonrpc-shutdown)
    ;; kills the process as soon as exit is sent, hiding its exit code.
    (let ((server (eglot-current-server)))
      (setf (eglot--shutdown-requested server) t)
      (jsonrpc-request server :shutdown nil)
      (jsonrpc-notify server :exit nil)
      (with-timeout (10 (error "lspilot still runs 10 s after exit"))
        (while (process-live-p process)
          (accept-process-output process 0.05)))
      (process-exit-status process)))))

(defun sync-goto (line column)
  "Move to LINE (1-based) and COLUMN (in characters)."
  (goto-char (point-min))
  (forward-line (1- line))
  (move-to-column column))

(defconst sync-cases
  `(("type ASCII at the end"
     . ,(lambda ()
          (goto-char (point-max))
          (insert "def f(x):\n    return x + 1\n")))
    ("multi-byte text in the middle"
     . ,(lambda ()
          (sync-goto 2 0)
          (insert "s = 'héllo wörld ñ ß'\n")))
    ("an emoji, then text after it on its line"
     . ,(lambda ()
          (sync-goto 1 0)
          (insert "# 😀 ")
          (end-of-line)
          (insert " 🎉 after")))
    ("delete across lines through multi-byte text"
     . ,(lambda ()
          (sync-goto 2 4)
          (let ((start (point)))
            (sync-goto 3 6)
            (delete-region start (point)))))
    ("delete an emoji"
     . ,(lambda ()
          (goto-char (point-min))
          (search-forward "😀")
          (delete-char -1)))
    ("many edits sent as one change"
     . ,(lambda ()
          (goto-char (point-min))
          (while (search-forward "x" nil t)
            (replace-match "𝔵y"))
          (goto-char (point-max))
          (insert "日本語 e\u0301 🇫🇷\n")
          (goto-char (point-min))
          (delete-char 2)))
    ("replace the whole buffer"
     . ,(lambda ()
          (erase-buffer)
          (insert "print('🎉 done')\n# ünïcödé\n")))))

(defconst sync-mode-cases
  `(("write to another file name, then type"
     . ,(lambda ()
          (set-visited-file-name (expand-file-name "renamed.py" default-directory))
          (goto-char (point-max))
          (insert "x = '\U0001F600'\n"))))
  "Cases for `lspilot-mode' only.")

(defvar sync-crash-line nil "The mode line once lspilot was killed.")
(defvar sync-recovered nil "The document state once an edit reconnected.")

(defun sync-crash (process)
  "Kill lspilot's PROCESS, then edit: return the process that takes over."
  (signal-process process 'SIGKILL)
  (with-timeout (10 (error "lspilot-mode did not notice lspilot died"))
    (while lspilot--conn
      (accept-process-output nil 0.05)))
  (setq sync-crash-line (lspilot--mode-line))
  (setq lspilot--retry-at 0) ; no 5 s wait in a test
  (insert "# back\n")
  (let ((this-command 'self-insert-command))
    (run-hooks 'post-command-hook))
  (with-timeout (20 (error "an edit did not reconnect within 20 s"))
    (while (not lspilot--opened)
      (accept-process-output nil 0.05)))
  (setq sync-recovered (if (plist-get (lspilot-document-state) :in-sync) "in sync" "out of sync"))
  (jsonrpc--process lspilot--conn))

(defun sync-run-case (name edit)
  "Apply EDIT to the current buffer and compare lspilot's copy; return a result."
  (funcall edit)
  (let ((state (lspilot-document-state)))
    `((name . ,name)
      (server . ((sha256 . ,(plist-get state :sha256))
                 (bytes . ,(plist-get state :bytes))
                 (version . ,(plist-get state :version))))
      (emacs_sha256 . ,(lspilot-buffer-sha256))
      (emacs_bytes . ,(string-bytes (encode-coding-string (buffer-string) 'utf-8-unix))))))

(defun sync-main ()
  "Run the cases and return the results to write."
  (let* ((work (file-name-as-directory (getenv "LSPILOT_WORK")))
         (default-directory work)
         (eglot-sync-connect t)
         (lspilot-command (list (getenv "LSPILOT_BIN") "serve"))
         (lspilot-initialization-options '(:server (:maxMessageBytes 33554432)))
         cases status exit state line described)
    (when sync-eglot
      (lspilot-eglot-setup))
    (find-file (expand-file-name "sync.py" work))
    (insert "import os\nprint(os.getcwd())\n")
    (unless (eq major-mode 'python-mode)
      (error "The buffer is in %s, not python-mode" major-mode))
    (let ((process (sync-connect)))
      (dolist (c (if sync-eglot sync-cases (append sync-cases sync-mode-cases)))
        (push (sync-run-case (car c) (cdr c)) cases))
      (setq status (lspilot-status))
      (with-timeout (10 (push "no didChangeStatus notification within 10 s" sync-errors))
        (while (not lspilot-state)
          (accept-process-output process 0.05)))
      (setq state lspilot-state
            line (and (memq 'lspilot-mode-line global-mode-string) (lspilot--mode-line))
            described (lspilot--describe-status status))
      (unless sync-eglot
        (setq process (sync-crash process)))
      (setq exit (sync-stop process)))
    `((cases . ,(vconcat (nreverse cases)))
      (status . ((pid . ,(plist-get status :pid))
                 (openDocuments . ,(plist-get status :openDocuments))
                 (state . ,(plist-get status :state))))
      (notification . ((kind . ,(plist-get state :kind))
                       (message . ,(plist-get state :message))))
      (mode_line . ,line)
      (described . ,described)
      (exit_code . ,exit)
      (crash_mode_line . ,sync-crash-line)
      (recovered . ,sync-recovered))))

(let ((out (getenv "LSPILOT_OUT"))
      result)
  (condition-case err
      (setq result (sync-main))
    (error (push (format "%S" err) sync-errors)))
  (with-temp-file out
    (insert (json-encode (append result `((errors . ,(vconcat (reverse sync-errors))))))))
  (kill-emacs (if sync-errors 1 0)))

;;; sync.el ends here
