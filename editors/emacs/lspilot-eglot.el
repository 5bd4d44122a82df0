;;; lspilot-eglot.el --- lspilot as an Eglot server  -*- lexical-binding: t; -*-

;; Copyright (c) 2026 The lspilot Authors
;; SPDX-License-Identifier: MIT

;;; Commentary:

;; For users who want lspilot as Eglot's server for some modes (in place
;; of their usual language server): `lspilot-eglot-setup' registers it
;; for the modes in `lspilot-modes'.  Suggestions then arrive through
;; `completion-at-point' and code actions through `eglot-code-actions';
;; lspilot's status notifications reach the mode line.  `lspilot-mode'
;; needs none of this: it keeps its own connection beside Eglot's.
;; Loaded by lspilot.el once Eglot is.

;;; Code:

(require 'cl-lib)
(require 'eglot)
(require 'lspilot-conn)

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

(cl-defmethod eglot-handle-notification
  (_server (_method (eql didChangeStatus)) &key busy kind message &allow-other-keys)
  "Keep lspilot's status (BUSY, KIND, MESSAGE) for the mode line."
  (setq lspilot-state (list :busy busy :kind kind :message message))
  (force-mode-line-update t))

(defun lspilot--eglot-server ()
  "The buffer's Eglot connection, or nil."
  (eglot-current-server))

(defun lspilot--eglot-flush ()
  "Send the buffer's changes that Eglot has not sent yet."
  (eglot--signal-textDocument/didChange))

(defun lspilot--eglot-uri ()
  "The URI Eglot gives the buffer's document."
  (plist-get (eglot--TextDocumentIdentifier) :uri))

(provide 'lspilot-eglot)
;;; lspilot-eglot.el ends here
