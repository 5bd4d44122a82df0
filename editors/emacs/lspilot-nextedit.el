;;; lspilot-nextedit.el --- lspilot's next-edit suggestions  -*- lexical-binding: t; -*-

;; Copyright (c) 2026 The lspilot Authors
;; SPDX-License-Identifier: MIT

;;; Commentary:

;; Next edits for `lspilot-mode': after an edit and `lspilot-next-edit-delay'
;; of idleness, lspilot is asked for the edit the user is likely to make
;; next (textDocument/copilotInlineEdit, in the shape of GitHub Copilot's
;; language server), anywhere near point.  It shows where it goes: the
;; text it replaces in `lspilot-next-edit-deletion', the lines as the edit
;; leaves them below in `lspilot-next-edit-insertion', and at the end of
;; point's line a hint naming the edit's line when point is elsewhere.
;; While it shows (and no ghost text does), `lspilot-next-edit-map' is
;; active: TAB jumps to the edit, then applies it and runs its command;
;; C-g dismisses it, and lspilot does not offer it again.  Any edit clears
;; it.  lspilot hears which edits were shown
;; (textDocument/didShowInlineEdit).

;;; Code:

(require 'cl-lib)
(require 'jsonrpc)
(require 'lspilot-conn)

(defcustom lspilot-next-edit t
  "Non-nil: ask lspilot for the next edit after an edit."
  :type 'boolean
  :group 'lspilot)

(defcustom lspilot-next-edit-delay 0.5
  "Seconds of idleness after an edit before the next edit is asked for."
  :type 'number
  :group 'lspilot)

(defface lspilot-next-edit-deletion
  '((t :inherit diff-removed :strike-through t))
  "Face of the text a next edit replaces."
  :group 'lspilot)

(defface lspilot-next-edit-insertion
  '((t :inherit diff-added))
  "Face of the lines as a next edit leaves them."
  :group 'lspilot)

(defface lspilot-next-edit-hint
  '((t :inherit shadow))
  "Face of the hint that a next edit waits elsewhere."
  :group 'lspilot)

(defvar lspilot-next-edit-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd "TAB") #'lspilot-next-edit-accept)
    (define-key map (kbd "<tab>") #'lspilot-next-edit-accept)
    (define-key map (kbd "C-g") #'lspilot-next-edit-dismiss)
    map)
  "Keys active while a next edit shows; elsewhere they keep their bindings.")

(defvar-local lspilot--next-edit-showing nil "Non-nil while a next edit shows.")
(defvar lspilot--next-edit-emulation-alist
  `((lspilot--next-edit-showing . ,lspilot-next-edit-map))
  "Puts `lspilot-next-edit-map' above the buffer's own keys.")
;; After the ghost text's keys: a suggestion at point takes TAB first.
(add-to-list 'emulation-mode-map-alists 'lspilot--next-edit-emulation-alist t)

(defvar-local lspilot--next-edit nil
  "The edit shown: (EDIT BEG END) with EDIT as received, BEG and END markers.")
(defvar-local lspilot--next-edit-overlays nil "The overlays that show the edit.")
(defvar-local lspilot--next-edit-hint nil "The hint's overlay.")
(defvar-local lspilot--next-edit-timer nil "The idle timer of the next request.")
(defvar-local lspilot--next-edit-pending nil "(ID . CONNECTION) of the request in flight.")
(defvar-local lspilot--next-edit-edited nil "Non-nil when the command changed the buffer.")
(defvar-local lspilot--next-edit-applying nil "Non-nil while an edit is applied.")

(defvar lspilot--showing)
(declare-function lspilot--notify "lspilot-ghost")

;;; Requests

(defun lspilot--next-edit-cancel ()
  "Stop the pending timer and cancel the request in flight."
  (when lspilot--next-edit-timer
    (cancel-timer lspilot--next-edit-timer)
    (setq lspilot--next-edit-timer nil))
  (pcase lspilot--next-edit-pending
    (`(,id . ,conn)
     (setq lspilot--next-edit-pending nil)
     (when (jsonrpc-running-p conn)
       (jsonrpc-notify conn :$/cancelRequest (list :id id))))))

(defun lspilot--next-edit-request (buffer)
  "Ask lspilot for the next edit of BUFFER at point."
  (when (buffer-live-p buffer)
    (with-current-buffer buffer
      (setq lspilot--next-edit-timer nil)
      (lspilot--next-edit-cancel)
      (when (and (bound-and-true-p lspilot-mode) lspilot-next-edit (lspilot--ready-p))
        (lspilot--flush)
        (let ((tick (buffer-chars-modified-tick)) (version lspilot--version) id)
          (setq id (car (jsonrpc--async-request-1
                         lspilot--conn :textDocument/copilotInlineEdit
                         (list :textDocument (lspilot--document) :position (lspilot--pos (point)))
                         :success-fn (lambda (result)
                                       (lspilot--next-edit-answered buffer id tick version result))
                         :error-fn (lambda (_) (lspilot--next-edit-answered buffer id tick version nil))
                         :timeout 30 :timeout-fn #'ignore)))
          (setq lspilot--next-edit-pending (cons id lspilot--conn)))))))

(defun lspilot--next-edit-answered (buffer id tick version result)
  "Show the first edit of RESULT, the answer to request ID at TICK and VERSION."
  (when (buffer-live-p buffer)
    (with-current-buffer buffer
      (when (equal (car lspilot--next-edit-pending) id)
        (setq lspilot--next-edit-pending nil)
        (let* ((edits (plist-get result :edits))
               (edit (and (> (length edits) 0) (elt edits 0))))
          (when (and edit (= tick (buffer-chars-modified-tick)) (= version lspilot--version)
                     (equal (plist-get (plist-get edit :textDocument) :version) version)
                     (not (bound-and-true-p lspilot--showing)))
            (lspilot--next-edit-show edit)))))))

;;; Display

(defun lspilot--next-edit-lines (beg end text)
  "The lines from BEG's to END's as replacing BEG..END by TEXT leaves them."
  (concat (buffer-substring-no-properties (save-excursion (goto-char beg) (line-beginning-position)) beg)
          text
          (buffer-substring-no-properties end (save-excursion (goto-char end) (line-end-position)))))

(defun lspilot--next-edit-show (edit)
  "Show EDIT and report it shown."
  (lspilot--next-edit-clear)
  (let* ((range (plist-get edit :range))
         (beg (lspilot--point (plist-get range :start)))
         (end (lspilot--point (plist-get range :end)))
         (lines (lspilot--next-edit-lines beg end (plist-get edit :text)))
         (eol (save-excursion (goto-char end) (line-end-position))))
    (when (> end beg)
      (let ((ov (make-overlay beg end)))
        (overlay-put ov 'face 'lspilot-next-edit-deletion)
        (push ov lspilot--next-edit-overlays)))
    (let ((ov (make-overlay eol eol)))
      (overlay-put ov 'after-string (concat "\n" (propertize lines 'face 'lspilot-next-edit-insertion)))
      (push ov lspilot--next-edit-overlays))
    (setq lspilot--next-edit (list edit (copy-marker beg) (copy-marker end t))
          lspilot--next-edit-showing t)
    (lspilot--next-edit-draw-hint)
    (lspilot--notify :textDocument/didShowInlineEdit
                     (list :item (list :command (plist-get edit :command))))))

(defun lspilot--next-edit-at-p ()
  "Non-nil if point is on the lines of the edit shown."
  (pcase-let ((`(,_ ,beg ,end) lspilot--next-edit))
    (<= (line-number-at-pos beg) (line-number-at-pos) (line-number-at-pos end))))

(defun lspilot--next-edit-draw-hint ()
  "Put the hint at the end of point's line."
  (when (overlayp lspilot--next-edit-hint)
    (delete-overlay lspilot--next-edit-hint))
  (let* ((beg (nth 1 lspilot--next-edit))
         (text (if (lspilot--next-edit-at-p)
                   "  lspilot: next edit (TAB applies, C-g dismisses)"
                 (format "  lspilot: next edit at line %d (TAB jumps)" (line-number-at-pos beg))))
         (ov (make-overlay (line-end-position) (line-end-position))))
    (overlay-put ov 'after-string (propertize text 'face 'lspilot-next-edit-hint))
    (setq lspilot--next-edit-hint ov)))

(defun lspilot--next-edit-clear ()
  "Remove the edit shown."
  (mapc #'delete-overlay lspilot--next-edit-overlays)
  (when (overlayp lspilot--next-edit-hint)
    (delete-overlay lspilot--next-edit-hint))
  (setq lspilot--next-edit-overlays nil lspilot--next-edit-hint nil
        lspilot--next-edit nil lspilot--next-edit-showing nil))

(defun lspilot--next-edit-forget ()
  "Drop the edit shown and the request in flight."
  (lspilot--next-edit-cancel)
  (lspilot--next-edit-clear))

;;; Hooks

(defun lspilot--next-edit-after-change (_beg _end _old-length)
  "An edit clears the edit shown and asks for another after the command."
  (unless lspilot--next-edit-applying
    (setq lspilot--next-edit-edited t)
    (when lspilot--next-edit-showing
      (lspilot--next-edit-clear))))

(defun lspilot--next-edit-post-command ()
  "Ask for the next edit after an edit; move the hint with point."
  (cond (lspilot--next-edit-edited
         (setq lspilot--next-edit-edited nil)
         (lspilot--next-edit-cancel)
         (when lspilot-next-edit
           (setq lspilot--next-edit-timer
                 (run-with-idle-timer lspilot-next-edit-delay nil
                                      #'lspilot--next-edit-request (current-buffer)))))
        (lspilot--next-edit-showing
         (lspilot--next-edit-draw-hint))))

;;; Commands

(defun lspilot--next-edit-command (command arguments)
  "Run the server COMMAND with ARGUMENTS, not waiting for the answer."
  (when (lspilot--ready-p)
    (jsonrpc-async-request lspilot--conn :workspace/executeCommand
                           (list :command command :arguments arguments)
                           :success-fn #'ignore :error-fn #'ignore :timeout-fn #'ignore)))

(defun lspilot-next-edit-accept ()
  "Go to the next edit shown; when point is on it, apply it."
  (interactive)
  (pcase-let ((`(,edit ,beg ,end) (or lspilot--next-edit (user-error "No next edit shown"))))
    (if (not (lspilot--next-edit-at-p))
        (progn (goto-char beg)
               (lspilot--next-edit-draw-hint))
      (let ((command (plist-get edit :command)))
        (lspilot--next-edit-clear)
        (let ((lspilot--next-edit-applying t))
          (goto-char beg)
          (delete-region beg end)
          (insert (plist-get edit :text)))
        (setq lspilot--next-edit-edited t) ; ask for the edit after it
        (lspilot--flush)
        (when command
          (lspilot--next-edit-command (plist-get command :command) (plist-get command :arguments)))))))

(defun lspilot-next-edit-dismiss ()
  "Hide the next edit shown; lspilot does not offer it again."
  (interactive)
  (let ((command (plist-get (car lspilot--next-edit) :command)))
    (lspilot--next-edit-forget)
    (when command
      (lspilot--next-edit-command "github.copilot.didRejectNextEditSuggestionItem"
                                  (plist-get command :arguments)))))

(provide 'lspilot-nextedit)
;;; lspilot-nextedit.el ends here
