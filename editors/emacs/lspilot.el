;;; lspilot.el --- AI pair programmer over LSP, through Eglot  -*- lexical-binding: t; -*-

;; Copyright (c) 2026 The lspilot Authors
;; SPDX-License-Identifier: MIT

;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1") (eglot "1.9"))
;; Keywords: tools, languages, convenience
;; URL: https://github.com/lspilot/lspilot

;;; Commentary:

;; lspilot is a small daemon between the editor and a GPU inference server
;; (Ollama, llama.cpp's llama-server, vLLM or any OpenAI-compatible server);
;; it serves completions, hovers and code actions over the Language Server
;; Protocol.  This file registers it with Eglot:
;;
;;   (add-to-list 'load-path "/path/to/lspilot/editors/emacs")
;;   (require 'lspilot)
;;   (lspilot-eglot-setup)
;;   (add-hook 'python-mode-hook #'eglot-ensure)   ; or M-x eglot
;;
;; Eglot connects one server to a buffer, so the modes in `lspilot-modes' use
;; lspilot in place of their usual language server.  Suggestions arrive
;; through `completion-at-point' (Eglot has no inline completion), and code
;; actions through `eglot-code-actions'.
;;
;; The mode line shows lspilot's state (lspilot, lspilot:busy,
;; lspilot:no-backend, lspilot:down, lspilot:off) from the status
;; notifications it sends.  Commands: `lspilot-status' shows the serving
;; process, its state, backend, model and latency;
;; `lspilot-document-state' checks that the server's copy of the buffer
;; matches the buffer byte for byte.

;;; Code:

(require 'cl-lib)
(require 'eglot)
(require 'jsonrpc)

(declare-function eglot--TextDocumentIdentifier "eglot")

(defgroup lspilot nil
  "AI pair programmer over LSP."
  :group 'tools
  :prefix "lspilot-")

(defcustom lspilot-command '("lspilot" "serve" "--remote=auto")
  "The lspilot program and its arguments.
The default shares one per-user daemon (one scheduler, one cache)
between all editors; (\"lspilot\" \"serve\") runs a private server
for each Eglot connection."
  :type '(repeat string))

(defcustom lspilot-initialization-options nil
  "Server settings sent as LSP initializationOptions, as a plist.
The keys are those of lspilot's config.toml, which they override,
for example (:server (:maxMessageBytes 33554432)).  Settings that
change later go in `eglot-workspace-configuration' under :lspilot."
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
  "Major modes whose buffers Eglot connects to lspilot.
Each element is (MODE . LANGUAGE-ID), LANGUAGE-ID being the LSP
language identifier of MODE's buffers.  Modes that are not
installed do no harm."
  :type '(alist :key-type symbol :value-type string))

(defun lspilot--contact (_interactive)
  "The Eglot contact that starts lspilot."
  (append lspilot-command
          (when lspilot-initialization-options
            (list :initializationOptions lspilot-initialization-options))))

;;;###autoload
(defun lspilot-eglot-setup ()
  "Make Eglot use lspilot for the modes in `lspilot-modes'.
Calling it again applies changes to `lspilot-modes'."
  (interactive)
  (setq eglot-server-programs
        (cl-remove #'lspilot--contact eglot-server-programs :key #'cdr))
  ;; One entry per mode: Eglot 1.9 gives all buffers of one connection
  ;; the language identifier of the mode that started it.
  (dolist (mode (reverse lspilot-modes))
    (push (cons (list (car mode) :language-id (cdr mode)) #'lspilot--contact)
          eglot-server-programs)))

(defvar lspilot-state nil
  "The last status lspilot reported (didChangeStatus), as a plist:
:busy, :kind (\"Normal\", \"Warning\", \"Error\" or \"Inactive\")
and :message.  nil before lspilot says anything.")

(defvar lspilot-mode-line '(:eval (lspilot--mode-line))
  "Mode-line construct showing lspilot's state; in `global-mode-string'.")
(put 'lspilot-mode-line 'risky-local-variable t)
(add-to-list 'global-mode-string 'lspilot-mode-line t)

(defun lspilot--mode-line ()
  "A short mode-line text for `lspilot-state', with its message as help."
  (when lspilot-state
    (let ((kind (plist-get lspilot-state :kind)))
      (propertize
       (cond ((eq (plist-get lspilot-state :busy) t) " lspilot:busy")
             ((equal kind "Warning") " lspilot:no-backend")
             ((equal kind "Error") " lspilot:down")
             ((equal kind "Inactive") " lspilot:off")
             (t " lspilot"))
       'help-echo (plist-get lspilot-state :message)))))

(cl-defmethod eglot-handle-notification
  (_server (_method (eql didChangeStatus)) &key busy kind message &allow-other-keys)
  "Keep lspilot's status (BUSY, KIND, MESSAGE) for the mode line."
  (setq lspilot-state (list :busy busy :kind kind :message message))
  (force-mode-line-update t))

(defun lspilot--server ()
  "The Eglot connection of the current buffer, or a user error."
  (or (eglot-current-server)
      (user-error "This buffer has no Eglot connection: M-x eglot starts one")))

(defun lspilot--execute (command &rest arguments)
  "Run the server COMMAND with ARGUMENTS and return its result as a plist.
Buffer changes not yet sent are sent first."
  (jsonrpc-request (lspilot--server) :workspace/executeCommand
                   (list :command command :arguments (vconcat arguments))
                   :deferred (intern (concat ":" command))))

(defun lspilot--describe-status (status)
  "One line describing STATUS, the result of lspilot.status."
  (let ((sessions (plist-get status :sessions))
        (docs (plist-get status :openDocuments))
        (latency (plist-get status :latency))
        (err (plist-get status :lastError)))
    (concat
     (format "lspilot %s (pid %s): %s" (plist-get status :version) (plist-get status :pid)
             (or (plist-get status :state) "running"))
     (when (plist-get status :model)
       (format ", %s on %s" (plist-get status :model) (plist-get status :backendUrl)))
     (when (and latency (> (or (plist-get latency :samples) 0) 0))
       (format ", first suggestion p50 %s ms p95 %s ms"
               (plist-get latency :p50Ms) (plist-get latency :p95Ms)))
     (format "; %d session%s, %d open document%s, up %s"
             sessions (if (= sessions 1) "" "s")
             docs (if (= docs 1) "" "s")
             (lspilot--duration (plist-get status :uptimeSeconds)))
     (when err (format "; last error: %s" err)))))

(defun lspilot--duration (seconds)
  "SECONDS written as 45s, 12m 3s or 5h 2m."
  (cond ((< seconds 60) (format "%ds" seconds))
        ((< seconds 3600) (format "%dm %ds" (/ seconds 60) (% seconds 60)))
        (t (format "%dh %dm" (/ seconds 3600) (/ (% seconds 3600) 60)))))

;;;###autoload
(defun lspilot-status ()
  "Show the status of the lspilot process serving this buffer.
Return the status as a plist: :pid :version :sessions
:totalSessions :uptimeSeconds :openDocuments :state :backend
:backendUrl :model :latency :lastError and the engines' counters."
  (interactive)
  (let ((status (lspilot--execute "lspilot.status")))
    (when (called-interactively-p 'interactive)
      (message "%s" (lspilot--describe-status status)))
    status))

(defun lspilot-buffer-sha256 ()
  "The SHA-256 of the buffer's text as Eglot sends it: UTF-8, LF line ends."
  (save-restriction
    (widen)
    (secure-hash 'sha256 (encode-coding-string (buffer-string) 'utf-8-unix))))

;;;###autoload
(defun lspilot-document-state ()
  "Check that lspilot's copy of this buffer matches the buffer.
Return the server's view as a plist (:uri :version :bytes :lines
:sha256) with :in-sync added, t or nil."
  (interactive)
  (let* ((uri (plist-get (eglot--TextDocumentIdentifier) :uri))
         (state (lspilot--execute "lspilot.documentState" uri))
         (in-sync (equal (plist-get state :sha256) (lspilot-buffer-sha256))))
    (when (called-interactively-p 'interactive)
      (if in-sync
          (message "lspilot is in sync: version %s, %s bytes, %s lines"
                   (plist-get state :version) (plist-get state :bytes)
                   (plist-get state :lines))
        (message "lspilot is OUT OF SYNC: it has %s bytes (version %s); M-x eglot-reconnect resends the buffer"
                 (plist-get state :bytes) (plist-get state :version))))
    (append state (list :in-sync in-sync))))

(provide 'lspilot)
;;; lspilot.el ends here
