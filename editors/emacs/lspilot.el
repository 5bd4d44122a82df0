;;; lspilot.el --- AI pair programmer over LSP: ghost text beside Eglot  -*- lexical-binding: t; -*-

;; Copyright (c) 2026 The lspilot Authors
;; SPDX-License-Identifier: MIT

;; Version: 0.2.0
;; Package-Requires: ((emacs "28.1") (jsonrpc "1.0.14"))
;; Keywords: tools, languages, convenience
;; URL: https://github.com/lspilot/lspilot

;;; Commentary:

;; lspilot is a small daemon between the editor and a GPU inference server
;; (Ollama, llama.cpp's llama-server, vLLM or any OpenAI-compatible server);
;; it serves completions, hovers and code actions over the Language Server
;; Protocol.
;;
;;   (add-to-list 'load-path "/path/to/lspilot/editors/emacs")
;;   (require 'lspilot)
;;   (global-lspilot-mode)
;;
;; `lspilot-mode' keeps a connection of its own to lspilot, so Eglot
;; keeps the buffer's language server (gopls, pyright) and lspilot adds
;; ghost text beside it: after an edit, its suggestion shows after point.
;; While it shows, `lspilot-completion-map' is active: TAB accepts it, M-f
;; a word, M-e a line, M-n and M-p show alternatives, C-g dismisses it;
;; everywhere else these keys keep their bindings.  After a pause, the
;; edit lspilot expects next shows where it goes (lspilot-nextedit): TAB
;; jumps to it, then applies it; C-g dismisses it.
;;
;; The mode line shows the state of the buffer's connection (lspilot,
;; lspilot:busy, lspilot:no-backend, lspilot:down, lspilot:off).
;; `lspilot-status' shows the serving process, its state, backend, model
;; and latency; `lspilot-document-state' checks that the server's copy of
;; the buffer matches the buffer byte for byte.  `lspilot-eglot-setup'
;; makes Eglot itself use lspilot for the modes in `lspilot-modes', in
;; place of their usual server.

;;; Code:

(require 'cl-lib)
(require 'lspilot-conn)
(require 'lspilot-ghost)
(require 'lspilot-nextedit)

(autoload 'lspilot-eglot-setup "lspilot-eglot"
  "Make Eglot use lspilot for the modes in `lspilot-modes'." t)
(with-eval-after-load 'eglot
  (require 'lspilot-eglot))

(declare-function lspilot--eglot-server "lspilot-eglot")
(declare-function lspilot--eglot-uri "lspilot-eglot")
(declare-function lspilot--eglot-flush "lspilot-eglot")

;;;###autoload
(define-minor-mode lspilot-mode
  "Ghost-text suggestions from lspilot, beside any language server.
The buffer's document goes to lspilot over a connection of its
own (one `lspilot-command' process per project).  After an edit,
lspilot's suggestion shows after point; `lspilot-completion-map'
holds the keys that take it."
  :lighter nil
  (if lspilot-mode
      (if (not buffer-file-name)
          (progn (setq lspilot-mode nil)
                 (message "lspilot-mode needs a buffer that visits a file"))
        (add-hook 'before-change-functions #'lspilot--before-change nil t)
        (add-hook 'after-change-functions #'lspilot--after-change nil t)
        (add-hook 'after-change-functions #'lspilot--ghost-after-change nil t)
        (add-hook 'after-change-functions #'lspilot--next-edit-after-change nil t)
        (add-hook 'post-command-hook #'lspilot--post-command nil t)
        (add-hook 'post-command-hook #'lspilot--next-edit-post-command nil t)
        (add-hook 'kill-buffer-hook #'lspilot--off nil t)
        (add-hook 'after-set-visited-file-name-hook #'lspilot--renamed nil t)
        (add-hook 'change-major-mode-hook #'lspilot--off nil t)
        (add-hook 'lspilot--disconnect-hook #'lspilot--forget nil t)
        (lspilot--connect))
    (lspilot--off)))

(defun lspilot--forget ()
  "Drop the suggestion, the next edit and the requests in flight."
  (lspilot--cancel)
  (lspilot--clear)
  (lspilot--next-edit-forget))

(defun lspilot--off ()
  "Close the buffer's document and remove lspilot's hooks."
  (lspilot--forget)
  (lspilot--flush)
  (lspilot--close)
  (dolist (hook '((before-change-functions . lspilot--before-change)
                  (after-change-functions . lspilot--after-change)
                  (after-change-functions . lspilot--ghost-after-change)
                  (after-change-functions . lspilot--next-edit-after-change)
                  (post-command-hook . lspilot--post-command)
                  (post-command-hook . lspilot--next-edit-post-command)
                  (kill-buffer-hook . lspilot--off)
                  (after-set-visited-file-name-hook . lspilot--renamed)
                  (change-major-mode-hook . lspilot--off)
                  (lspilot--disconnect-hook . lspilot--forget)))
    (remove-hook (car hook) (cdr hook) t))
  (setq lspilot-mode nil))

(defun lspilot--turn-on ()
  "Turn on `lspilot-mode' in buffers of programming modes that visit files."
  (when (and buffer-file-name (not (buffer-base-buffer)) (derived-mode-p 'prog-mode))
    (lspilot-mode 1)))

;;;###autoload
(define-globalized-minor-mode global-lspilot-mode lspilot-mode lspilot--turn-on
  :group 'lspilot)

;;; Status

(defun lspilot--execute (command &rest arguments)
  "Run the server COMMAND with ARGUMENTS and return its result as a plist.
The buffer's `lspilot-mode' connection runs it, or else its Eglot
connection; buffer changes not yet sent are sent first."
  (let ((params (list :command command :arguments (vconcat arguments))))
    (cond ((and (bound-and-true-p lspilot-mode) (lspilot--ready-p))
           (lspilot--flush)
           (jsonrpc-request lspilot--conn :workspace/executeCommand params))
          ((and (fboundp 'lspilot--eglot-server) (lspilot--eglot-server))
           (lspilot--eglot-flush)
           (jsonrpc-request (lspilot--eglot-server) :workspace/executeCommand params
                            :deferred (intern (concat ":" command))))
          (t (user-error "This buffer is not connected to lspilot: M-x lspilot-mode starts it")))))

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
  "The SHA-256 of the buffer's text as it is sent: UTF-8, LF line ends."
  (save-restriction
    (widen)
    (secure-hash 'sha256 (encode-coding-string (buffer-string) 'utf-8-unix))))

;;;###autoload
(defun lspilot-document-state ()
  "Check that lspilot's copy of this buffer matches the buffer.
Return the server's view as a plist (:uri :version :bytes :lines
:sha256) with :in-sync added, t or nil."
  (interactive)
  (let* ((uri (if (and (bound-and-true-p lspilot-mode) (lspilot--ready-p))
                  lspilot--doc-uri
                (and (fboundp 'lspilot--eglot-uri) (lspilot--eglot-server) (lspilot--eglot-uri))))
         (state (lspilot--execute "lspilot.documentState" uri))
         (in-sync (equal (plist-get state :sha256) (lspilot-buffer-sha256))))
    (when (called-interactively-p 'interactive)
      (if in-sync
          (message "lspilot is in sync: version %s, %s bytes, %s lines"
                   (plist-get state :version) (plist-get state :bytes)
                   (plist-get state :lines))
        (message "lspilot is OUT OF SYNC: it has %s bytes (version %s); M-x lspilot-mode twice resends the buffer"
                 (plist-get state :bytes) (plist-get state :version))))
    (append state (list :in-sync in-sync))))

(provide 'lspilot)
;;; lspilot.el ends here
