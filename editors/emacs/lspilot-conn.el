;;; lspilot-conn.el --- lspilot's own connection and document sync  -*- lexical-binding: t; -*-

;; Copyright (c) 2026 The lspilot Authors
;; SPDX-License-Identifier: MIT

;;; Commentary:

;; The connection `lspilot-mode' keeps to lspilot, beside whatever
;; language server Eglot runs for the buffer: one `lspilot serve'
;; process per project root, spoken to with jsonrpc.el.  It sends the
;; initialize handshake, opens, changes (incrementally, positions in
;; UTF-16 code units) and closes documents, keeps the status lspilot
;; reports for the mode line, and shuts the process down when its last
;; buffer goes.  It knows nothing of ghost text (lspilot-ghost.el) nor of
;; Eglot (lspilot-eglot.el).

;;; Code:

(require 'cl-lib)
(require 'jsonrpc)
(require 'project)
(require 'url-util)

(defgroup lspilot nil
  "AI pair programmer over LSP."
  :group 'tools
  :prefix "lspilot-")

(defcustom lspilot-command '("lspilot" "serve" "--remote=auto")
  "The lspilot program and its arguments.
The default shares one per-user daemon (one scheduler, one cache)
between all editors; (\"lspilot\" \"serve\") runs a private server
for each connection."
  :type '(repeat string))

(defcustom lspilot-initialization-options nil
  "Server settings sent as LSP initializationOptions, as a plist.
The keys are those of lspilot's config.toml, which they override,
for example (:completion (:debounceMs 50))."
  :type 'plist)

(defcustom lspilot-modes
  '((python-mode . "python") (python-ts-mode . "python")
    (c-mode . "c") (c-ts-mode . "c")
    (c++-mode . "cpp") (c++-ts-mode . "cpp")
    (go-mode . "go") (go-ts-mode . "go")
    (rust-mode . "rust") (rust-ts-mode . "rust")
    (js-mode . "javascript") (js-ts-mode . "javascript")
    (typescript-mode . "typescript") (typescript-ts-mode . "typescript")
    (tsx-ts-mode . "typescriptreact")
    (java-mode . "java") (java-ts-mode . "java")
    (ruby-mode . "ruby") (ruby-ts-mode . "ruby")
    (lua-mode . "lua") (lua-ts-mode . "lua")
    (sh-mode . "shellscript") (bash-ts-mode . "shellscript"))
  "Major modes and their LSP language identifiers.
Each element is (MODE . LANGUAGE-ID).  `lspilot-mode' names a
buffer's language from here, or from its mode's name (foo-mode
and foo-ts-mode are \"foo\"); `lspilot-eglot-setup' registers
these modes with Eglot.  Modes that are not installed do no harm."
  :type '(alist :key-type symbol :value-type string))

(defcustom lspilot-log-size 200000
  "Characters of protocol log kept in the connection's events buffer.
0 keeps none; nil keeps everything."
  :type '(choice integer (const nil)))

(defvar lspilot-state nil
  "The last status lspilot reported (didChangeStatus), as a plist:
:busy, :kind (\"Normal\", \"Warning\", \"Error\" or \"Inactive\")
and :message.  nil before lspilot says anything.  Each connection
of `lspilot-mode' also keeps its own, which its buffers' mode
lines show.")

;;; Positions

(defun lspilot--utf16-units (beg end)
  "UTF-16 code units of the buffer text between BEG and END."
  (save-excursion
    (goto-char beg)
    (let ((units 0))
      (while (progn (setq units (+ units (skip-chars-forward "\0-\uffff" end)))
                    (< (point) end))
        (setq units (+ units (if (<= (char-after) #x10ffff) 2 1)))
        (forward-char))
      units)))

(defun lspilot--string-utf16-length (string)
  "UTF-16 code units of STRING."
  (+ (length string)
     (cl-count-if (lambda (c) (and (> c #xffff) (<= c #x10ffff))) string)))

(defun lspilot--pos (pos)
  "The LSP position of buffer position POS: line and UTF-16 character."
  (save-restriction
    (widen)
    (save-excursion
      (goto-char pos)
      (list :line (1- (line-number-at-pos pos t))
            :character (lspilot--utf16-units (line-beginning-position) pos)))))

(defun lspilot--point (position)
  "The buffer position of POSITION, an LSP position (UTF-16)."
  (save-restriction
    (widen)
    (save-excursion
      (goto-char (point-min))
      (if (> (forward-line (plist-get position :line)) 0)
          (point-max)
        (let ((units (plist-get position :character))
              (eol (line-end-position)))
          (while (and (> units 0) (< (point) eol))
            (setq units (- units (if (<= #x10000 (char-after) #x10ffff) 2 1)))
            (forward-char))
          (point))))))

(defun lspilot--uri (file)
  "The file URI of FILE."
  (let ((allowed (copy-sequence url-path-allowed-chars)))
    (aset allowed ?: nil)
    (concat "file://" (url-hexify-string (file-local-name (file-truename file)) allowed))))

;;; Connections

(defclass lspilot-connection (jsonrpc-process-connection)
  ((root :initarg :root :accessor lspilot--conn-root
         :documentation "The project root the process serves.")
   (ready :initform nil :accessor lspilot--conn-ready
          :documentation "Non-nil once initialize is answered.")
   (status :initform nil :accessor lspilot--conn-status
           :documentation "The last didChangeStatus, as `lspilot-state'.")
   (buffers :initform nil :accessor lspilot--conn-buffers
            :documentation "The buffers whose documents use this connection.")
   (stopping :initform nil :accessor lspilot--conn-stopping
             :documentation "Non-nil once shutdown was asked for."))
  :documentation "A connection of `lspilot-mode' to an lspilot process.")

(defvar lspilot--connections (make-hash-table :test #'equal)
  "Live connections by project root.")

(defvar-local lspilot--conn nil "The buffer's connection, or nil.")
(defvar-local lspilot--opened nil "Non-nil once the buffer's didOpen is sent.")
(defvar-local lspilot--doc-uri nil "The URI the buffer's document was opened as.")
(defvar-local lspilot--version 0 "The document version last sent.")
(defvar-local lspilot--changes nil "Changes not yet sent, newest first, or :full.")
(defvar-local lspilot--before nil "(BEG END START-POS END-POS) of the change under way.")
(defvar-local lspilot--down nil "Why the buffer has no connection, as `lspilot-state'.")
(defvar-local lspilot--retry-at 0 "When a failed start may be tried again (float time).")

(defun lspilot--root ()
  "The project root of the current buffer, or its directory."
  (let ((project (project-current nil)))
    (expand-file-name (if project (project-root project) default-directory))))

(defun lspilot--language-id ()
  "The LSP language identifier of the current buffer."
  (or (cdr (assq major-mode lspilot-modes))
      (replace-regexp-in-string "\\(?:-ts\\)?-mode\\'" "" (symbol-name major-mode))))

(defun lspilot--events-initargs ()
  "The initargs that size the events buffer, for this jsonrpc version."
  (if (slot-exists-p 'jsonrpc-connection '-events-buffer-config)
      (list :events-buffer-config (list :size lspilot-log-size :format 'full))
    (list :events-buffer-scrollback-size lspilot-log-size)))

(defun lspilot--start (root)
  "Start lspilot for ROOT and send initialize; return the connection."
  (let* ((default-directory root)
         (name (format "lspilot %s" (abbreviate-file-name root)))
         (conn (apply #'make-instance 'lspilot-connection
                      :name name :root root
                      :process (lambda (&optional _conn)
                                 (make-process
                                  :name name :command lspilot-command
                                  :connection-type 'pipe :coding 'utf-8-emacs-unix
                                  :noquery t
                                  :stderr (get-buffer-create (format "*%s stderr*" name))))
                      :notification-dispatcher #'lspilot--notification
                      :request-dispatcher #'lspilot--request-from-server
                      :on-shutdown #'lspilot--on-shutdown
                      (lspilot--events-initargs))))
    (puthash root conn lspilot--connections)
    (jsonrpc-async-request
     conn :initialize (lspilot--initialize-params root)
     :success-fn (lambda (_result) (lspilot--initialized conn))
     :error-fn (lambda (err)
                 (message "lspilot: initialize failed: %s" (plist-get err :message)))
     :timeout 30)
    conn))

(defun lspilot--initialize-params (root)
  "The params of initialize for ROOT."
  (let ((uri (lspilot--uri root)))
    (append
     (list :processId (emacs-pid)
           :clientInfo (list :name "Emacs lspilot-mode" :version emacs-version)
           :rootPath root :rootUri uri
           :workspaceFolders (vector (list :uri uri :name (file-name-nondirectory
                                                           (directory-file-name root))))
           :capabilities
           (list :general (list :positionEncodings ["utf-16"])
                 :workspace (list :workspaceFolders t)
                 :textDocument (list :synchronization (list :didSave :json-false)
                                     :inlineCompletion (list :dynamicRegistration :json-false))))
     (when lspilot-initialization-options
       (list :initializationOptions lspilot-initialization-options)))))

(defun lspilot--initialized (conn)
  "Finish the handshake of CONN and open its buffers."
  (jsonrpc-notify conn :initialized (make-hash-table))
  (setf (lspilot--conn-ready conn) t)
  (dolist (buffer (lspilot--conn-buffers conn))
    (with-current-buffer buffer
      (lspilot--open))))

(defun lspilot--live-p (conn)
  "Non-nil if CONN is running and not shutting down."
  (and conn (jsonrpc-running-p conn) (not (lspilot--conn-stopping conn))))

(defun lspilot--connect ()
  "Attach the current buffer to its root's connection, starting one."
  (unless (lspilot--live-p lspilot--conn)
    (setq lspilot--conn nil lspilot--opened nil)
    (when (>= (float-time) lspilot--retry-at)
      (condition-case err
          (let* ((root (lspilot--root))
                 (conn (gethash root lspilot--connections)))
            (unless (lspilot--live-p conn)
              (setq conn (lspilot--start root)))
            (cl-pushnew (current-buffer) (lspilot--conn-buffers conn))
            (setq lspilot--conn conn lspilot--down nil)
            (when (lspilot--conn-ready conn)
              (lspilot--open)))
        (error
         (setq lspilot--retry-at (+ (float-time) 30)
               lspilot--down (list :kind "Error"
                                   :message (format "cannot start %s: %s"
                                                    (car lspilot-command)
                                                    (error-message-string err))))
         (message "lspilot: %s" (plist-get lspilot--down :message)))))))

(defun lspilot--on-shutdown (conn)
  "Forget CONN, whose process ended, and tell its buffers."
  (when (eq (gethash (lspilot--conn-root conn) lspilot--connections) conn)
    (remhash (lspilot--conn-root conn) lspilot--connections))
  (let ((why (unless (lspilot--conn-stopping conn)
               (list :kind "Error" :message "lspilot exited; an edit starts it again"))))
    (dolist (buffer (lspilot--conn-buffers conn))
      (when (buffer-live-p buffer)
        (with-current-buffer buffer
          (when (eq lspilot--conn conn)
            (run-hooks 'lspilot--disconnect-hook)
            (setq lspilot--conn nil lspilot--opened nil lspilot--down why
                  lspilot--retry-at (if why (+ (float-time) 5) 0))))))
    (when why
      (setq lspilot-state why))
    (force-mode-line-update t)))

(defvar lspilot--disconnect-hook nil
  "Run in each buffer that loses its connection.")

(defun lspilot-shutdown (&optional conn)
  "Shut down CONN, or the current buffer's connection, and wait for it.
Send shutdown and exit; return the process's exit status."
  (interactive)
  (let ((conn (or conn lspilot--conn (user-error "This buffer has no lspilot connection"))))
    (setf (lspilot--conn-stopping conn) t)
    (unwind-protect
        (progn
          (ignore-errors (jsonrpc-request conn :shutdown nil :timeout 3))
          (ignore-errors (jsonrpc-notify conn :exit nil))
          (with-timeout (3 nil)
            (while (jsonrpc-running-p conn)
              (accept-process-output (jsonrpc--process conn) 0.05)))
          (process-exit-status (jsonrpc--process conn)))
      (when (jsonrpc-running-p conn)
        (jsonrpc-shutdown conn)))))

(defun lspilot--shutdown-async (conn)
  "Ask CONN to shut down without waiting; kill it if it lingers."
  (setf (lspilot--conn-stopping conn) t)
  (let ((kill (lambda () (when (jsonrpc-running-p conn)
                           (delete-process (jsonrpc--process conn))))))
    (jsonrpc-async-request
     conn :shutdown nil
     :success-fn (lambda (_) (jsonrpc-notify conn :exit nil))
     :error-fn (lambda (_) (funcall kill))
     :timeout 3 :timeout-fn kill)
    (run-with-timer 5 nil kill)))

;;; Messages from the server

(defun lspilot--notification (conn method params)
  "Handle the notification METHOD with PARAMS from CONN."
  (pcase (format "%s" method)
    ("didChangeStatus"
     (let ((state (list :busy (plist-get params :busy) :kind (plist-get params :kind)
                        :message (plist-get params :message))))
       (setf (lspilot--conn-status conn) state)
       (setq lspilot-state state)
       (force-mode-line-update t)))
    ("window/showMessage"
     (when (<= (or (plist-get params :type) 4) 3)
       (let ((text (format "%s" (plist-get params :message))))
         (message "%s" (if (string-prefix-p "lspilot" text) text (concat "lspilot: " text))))))))

(defun lspilot--request-from-server (_conn method _params)
  "Answer the request METHOD from the server."
  (pcase (format "%s" method)
    ((or "window/workDoneProgress/create" "client/registerCapability"
         "client/unregisterCapability" "window/showMessageRequest")
     nil)
    ("workspace/configuration" [])
    ("workspace/applyEdit" (list :applied :json-false))
    (_ (jsonrpc-error :code -32601 :message (format "%s is not handled" method)))))

;;; Documents

(defun lspilot--document ()
  "The VersionedTextDocumentIdentifier of the current buffer."
  (list :uri lspilot--doc-uri :version lspilot--version))

(defun lspilot--open ()
  "Send didOpen for the current buffer."
  (unless lspilot--opened
    (setq lspilot--version 0 lspilot--changes nil lspilot--before nil
          lspilot--doc-uri (lspilot--uri buffer-file-name))
    (jsonrpc-notify lspilot--conn :textDocument/didOpen
                    (list :textDocument
                          (list :uri lspilot--doc-uri
                                :languageId (lspilot--language-id)
                                :version lspilot--version
                                :text (save-restriction (widen)
                                                        (buffer-substring-no-properties
                                                         (point-min) (point-max))))))
    (setq lspilot--opened t)))

(defun lspilot--close ()
  "Send didClose for the current buffer and leave its connection.
The connection shuts down with its last buffer."
  (let ((conn lspilot--conn))
    (when conn
      (when (and lspilot--opened (jsonrpc-running-p conn))
        (jsonrpc-notify conn :textDocument/didClose
                        (list :textDocument (list :uri lspilot--doc-uri))))
      (setf (lspilot--conn-buffers conn) (delq (current-buffer) (lspilot--conn-buffers conn)))
      (when (and (null (lspilot--conn-buffers conn)) (lspilot--live-p conn))
        (lspilot--shutdown-async conn)))
    (setq lspilot--conn nil lspilot--opened nil)))

(defun lspilot--renamed ()
  "Reopen the buffer's document under the file name it now visits."
  (when (and lspilot--opened (lspilot--live-p lspilot--conn))
    (lspilot--flush)
    (jsonrpc-notify lspilot--conn :textDocument/didClose
                    (list :textDocument (list :uri lspilot--doc-uri)))
    (setq lspilot--opened nil)
    (when buffer-file-name
      (lspilot--open))))

(defun lspilot--before-change (beg end)
  "Note where the change of BEG..END starts and ends, in LSP positions."
  (when lspilot--opened
    (setq lspilot--before (list beg end (lspilot--pos beg) (lspilot--pos end)))))

(defun lspilot--after-change (beg end old-length)
  "Queue the change of BEG..END (OLD-LENGTH characters before it) for sending."
  (when lspilot--opened
    (pcase-let ((`(,b-beg ,b-end ,start ,stop) lspilot--before))
      (setq lspilot--before nil)
      (if (or (eq lspilot--changes :full) (not b-beg)
              (/= b-beg beg) (/= b-end (+ beg old-length)))
          (setq lspilot--changes :full) ; Emacs reported the change inexactly
        (push (list :range (list :start start :end stop)
                    :text (buffer-substring-no-properties beg end))
              lspilot--changes)))))

(defun lspilot--flush ()
  "Send the changes not yet sent as one didChange."
  (when (and lspilot--opened lspilot--changes (lspilot--live-p lspilot--conn))
    (let ((changes (if (eq lspilot--changes :full)
                       (vector (list :text (save-restriction
                                             (widen)
                                             (buffer-substring-no-properties
                                              (point-min) (point-max)))))
                     (vconcat (reverse lspilot--changes)))))
      (setq lspilot--changes nil)
      (cl-incf lspilot--version)
      (jsonrpc-notify lspilot--conn :textDocument/didChange
                      (list :textDocument (lspilot--document)
                            :contentChanges changes)))))

(defun lspilot--ready-p ()
  "Non-nil if the buffer's document is open on a live connection."
  (and lspilot--opened (lspilot--live-p lspilot--conn)))

;;; Mode line

(defvar lspilot-mode-line '(:eval (lspilot--mode-line))
  "Mode-line construct showing lspilot's state; in `global-mode-string'.")
(put 'lspilot-mode-line 'risky-local-variable t)
(unless global-mode-string
  (setq global-mode-string (list ""))) ; a list starting with a symbol is a condition
(add-to-list 'global-mode-string 'lspilot-mode-line t)

(defvar lspilot-mode)

(defun lspilot--buffer-state ()
  "The state the current buffer's mode line shows."
  (cond ((not (bound-and-true-p lspilot-mode)) lspilot-state)
        (lspilot--conn (or (lspilot--conn-status lspilot--conn)
                           (list :kind "Starting" :message "lspilot is starting")))
        (t lspilot--down)))

(defun lspilot--mode-line ()
  "A short mode-line text for the buffer's lspilot state, its message as help."
  (let ((state (lspilot--buffer-state)))
    (when state
      (let ((kind (plist-get state :kind)))
        (propertize
         (cond ((eq (plist-get state :busy) t) " lspilot:busy")
               ((equal kind "Warning") " lspilot:no-backend")
               ((equal kind "Error") " lspilot:down")
               ((equal kind "Inactive") " lspilot:off")
               ((equal kind "Starting") " lspilot:starting")
               (t " lspilot"))
         'help-echo (plist-get state :message))))))

(provide 'lspilot-conn)
;;; lspilot-conn.el ends here
