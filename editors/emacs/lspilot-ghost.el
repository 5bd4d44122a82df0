;;; lspilot-ghost.el --- lspilot's suggestions as ghost text  -*- lexical-binding: t; -*-

;; Copyright (c) 2026 The lspilot Authors
;; SPDX-License-Identifier: MIT

;;; Commentary:

;; Ghost text for `lspilot-mode': after an edit and a short idle time it
;; asks lspilot for textDocument/inlineCompletion at point (cancelling
;; the request before, which an edit made stale) and shows the first
;; suggestion in an overlay after point.  While it shows,
;; `lspilot-completion-map' is active: accept all of it, a word or a
;; line, see the next or previous alternative, or dismiss it.  Any other
;; edit or motion clears it.  The server hears which suggestions were
;; shown (textDocument/didShowCompletion), partly accepted
;; (textDocument/didPartiallyAcceptCompletion) and accepted (the item's
;; command, lspilot.acceptCompletion).

;;; Code:

(require 'cl-lib)
(require 'jsonrpc)
(require 'lspilot-conn)

(defcustom lspilot-idle-delay 0.1
  "Seconds of idleness after an edit before a suggestion is asked for.
lspilot waits a little more itself (completion.debounceMs)."
  :type 'number
  :group 'lspilot)

(defface lspilot-ghost
  '((t :inherit shadow))
  "Face of the ghost text of a suggestion."
  :group 'lspilot)

(defvar lspilot-completion-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd "TAB") #'lspilot-accept)
    (define-key map (kbd "<tab>") #'lspilot-accept)
    (define-key map (kbd "M-f") #'lspilot-accept-word)
    (define-key map (kbd "C-<right>") #'lspilot-accept-word)
    (define-key map (kbd "M-e") #'lspilot-accept-line)
    (define-key map (kbd "C-<down>") #'lspilot-accept-line)
    (define-key map (kbd "M-n") #'lspilot-next)
    (define-key map (kbd "M-p") #'lspilot-previous)
    (define-key map (kbd "C-g") #'lspilot-dismiss)
    (define-key map (kbd "<escape>") #'lspilot-dismiss)
    map)
  "Keys active while a suggestion shows; elsewhere they keep their bindings.")

(defvar-local lspilot--showing nil "Non-nil while a suggestion shows.")
(defvar lspilot--emulation-alist `((lspilot--showing . ,lspilot-completion-map))
  "Puts `lspilot-completion-map' above the buffer's own keys.")
(add-to-list 'emulation-mode-map-alists 'lspilot--emulation-alist)

(cl-defstruct (lspilot--suggestion (:copier nil))
  "A suggestion at point: the server's ITEM and what is left of it."
  item       ; the InlineCompletionItem as received
  text       ; the text still to insert at point
  replace    ; characters after point the suggestion replaces
  accepted)  ; UTF-16 code units of the item's insertText accepted so far

(defvar-local lspilot--suggestions nil "The suggestions at point.")
(defvar-local lspilot--index 0 "The index of the suggestion shown.")
(defvar-local lspilot--cycled nil "Non-nil once alternatives were asked for here.")
(defvar-local lspilot--overlay nil "The ghost text overlay.")
(defvar-local lspilot--shown-at nil "Where the suggestion shows.")
(defvar-local lspilot--shown-items nil "Items already reported as shown.")
(defvar-local lspilot--timer nil "The idle timer of the next request.")
(defvar-local lspilot--pending nil "(ID . CONNECTION) of the request in flight.")
(defvar-local lspilot--asked-at nil "Where the pending request asks about.")
(defvar-local lspilot--edited nil "Non-nil when the command changed the buffer.")
(defvar-local lspilot--inserting nil "Non-nil while lspilot inserts a suggestion.")

(defconst lspilot--commands
  '(lspilot-accept lspilot-accept-word lspilot-accept-line lspilot-next
                   lspilot-previous lspilot-complete)
  "Commands that keep or change the suggestion rather than clear it.")

;;; Requests

(defun lspilot--cancel ()
  "Stop the pending timer and cancel the request in flight."
  (when lspilot--timer
    (cancel-timer lspilot--timer)
    (setq lspilot--timer nil))
  (pcase lspilot--pending
    (`(,id . ,conn)
     (setq lspilot--pending nil)
     (when (jsonrpc-running-p conn)
       (jsonrpc-notify conn :$/cancelRequest (list :id id))))))

(defun lspilot--schedule ()
  "Ask for a suggestion once Emacs has been idle `lspilot-idle-delay'."
  (lspilot--cancel)
  (setq lspilot--asked-at (point))
  (setq lspilot--timer (run-with-idle-timer lspilot-idle-delay nil
                                            #'lspilot--request (current-buffer) 1)))

(defun lspilot--request (buffer trigger &optional cycling)
  "Ask for suggestions at point in BUFFER; TRIGGER is the LSP trigger kind.
With CYCLING, add the answers to the suggestions shown."
  (when (buffer-live-p buffer)
    (with-current-buffer buffer
      (setq lspilot--timer nil)
      (lspilot--cancel)
      (when (and (bound-and-true-p lspilot-mode) (lspilot--ready-p))
        (lspilot--flush)
        (let ((tick (buffer-chars-modified-tick)) (at (point)) id)
          (setq lspilot--asked-at at)
          (setq id (car (jsonrpc--async-request-1
                         lspilot--conn :textDocument/inlineCompletion
                         (list :textDocument (lspilot--document)
                               :position (lspilot--pos at)
                               :context (list :triggerKind trigger))
                         :success-fn (lambda (result)
                                       (lspilot--answered buffer id tick at result trigger cycling))
                         :error-fn (lambda (_)
                                     (lspilot--answered buffer id tick at nil trigger cycling))
                         :timeout 30 :timeout-fn #'ignore)))
          (setq lspilot--pending (cons id lspilot--conn)))))))

(defun lspilot--answered (buffer id tick at result trigger cycling)
  "Show RESULT, the answer to request ID made at tick TICK and point AT.
TRIGGER and CYCLING are those of the request."
  (when (buffer-live-p buffer)
    (with-current-buffer buffer
      (when (equal (car lspilot--pending) id)
        (setq lspilot--pending nil)
        (when (and (= tick (buffer-chars-modified-tick)) (= at (point)))
          (let ((new (lspilot--read-items result)))
            (if cycling
                (lspilot--add-alternatives new)
              (when new
                (setq lspilot--suggestions new lspilot--index 0
                      lspilot--cycled (eql trigger 2))
                (lspilot--show)))))))))

(defun lspilot--read-items (result)
  "The distinct suggestions at point of RESULT, a list or an array of items."
  (let ((items (if (vectorp result) result (plist-get result :items)))
        out)
    (mapc (lambda (item)
            (let ((s (lspilot--suggestion-at-point item)))
              (when (and s (not (cl-find (lspilot--suggestion-text s) out
                                         :key #'lspilot--suggestion-text :test #'equal)))
                (push s out))))
          items)
    (nreverse out)))

(defun lspilot--suggestion-at-point (item)
  "ITEM as a suggestion at point, or nil if it does not fit here."
  (let* ((insert (plist-get item :insertText))
         (text (if (stringp insert) insert (plist-get insert :value)))
         (range (plist-get item :range))
         (start (if range (lspilot--point (plist-get range :start)) (point)))
         (end (if range (lspilot--point (plist-get range :end)) (point))))
    (when (and (stringp text) (<= start (point)))
      (let ((typed (buffer-substring-no-properties start (point))))
        (when (and (string-prefix-p typed text) (> (length text) (length typed)))
          (make-lspilot--suggestion
           :item item :text (substring text (length typed))
           :replace (max 0 (- end (point)))
           :accepted (lspilot--string-utf16-length typed)))))))

(defun lspilot--add-alternatives (new)
  "Add the suggestions NEW not yet known and show the next one."
  (setq lspilot--cycled t)
  (dolist (s new)
    (unless (cl-find (lspilot--suggestion-text s) lspilot--suggestions
                     :key #'lspilot--suggestion-text :test #'equal)
      (setq lspilot--suggestions (append lspilot--suggestions (list s)))))
  (if (and lspilot--suggestions (not lspilot--showing))
      (progn (setq lspilot--index 0) (lspilot--show))
    (lspilot--rotate 1)))

;;; Display

(defun lspilot--current ()
  "The suggestion shown, or nil."
  (and lspilot--showing (nth lspilot--index lspilot--suggestions)))

(defun lspilot--show ()
  "Show the current suggestion after point and report it shown."
  (let* ((s (nth lspilot--index lspilot--suggestions))
         (end (min (point-max) (+ (point) (lspilot--suggestion-replace s))))
         (ghost (propertize (lspilot--suggestion-text s) 'face 'lspilot-ghost)))
    (put-text-property 0 1 'cursor t ghost)
    (unless (overlayp lspilot--overlay)
      (setq lspilot--overlay (make-overlay (point) (point) nil nil t))
      (overlay-put lspilot--overlay 'priority 1000))
    (move-overlay lspilot--overlay (point) end (current-buffer))
    (if (= end (point))
        (progn (overlay-put lspilot--overlay 'display nil)
               (overlay-put lspilot--overlay 'after-string ghost))
      (overlay-put lspilot--overlay 'after-string nil)
      (overlay-put lspilot--overlay 'display ghost))
    (setq lspilot--showing t lspilot--shown-at (point))
    (let ((item (lspilot--suggestion-item s)))
      (unless (memq item lspilot--shown-items)
        (push item lspilot--shown-items)
        (lspilot--notify :textDocument/didShowCompletion (list :item item))))))

(defun lspilot--clear ()
  "Remove the ghost text and forget the suggestions."
  (when (overlayp lspilot--overlay)
    (delete-overlay lspilot--overlay))
  (setq lspilot--overlay nil lspilot--showing nil lspilot--shown-at nil
        lspilot--suggestions nil lspilot--index 0 lspilot--cycled nil
        lspilot--shown-items nil))

(defun lspilot--notify (method params)
  "Send the notification METHOD with PARAMS, if connected."
  (when (lspilot--ready-p)
    (jsonrpc-notify lspilot--conn method params)))

;;; Hooks

(defun lspilot--ghost-after-change (_beg _end _old-length)
  "An edit clears the suggestion and asks for another after the command."
  (unless lspilot--inserting
    (setq lspilot--edited t)
    (when lspilot--showing
      (lspilot--clear))))

(defun lspilot--post-command ()
  "Clear the suggestion when point moved; ask for one after an edit."
  (unless (memq this-command lspilot--commands)
    (when (and lspilot--showing
               (or (not (eql (point) lspilot--shown-at))
                   (memq this-command '(keyboard-quit keyboard-escape-quit))))
      (lspilot--clear))
    (cond (lspilot--edited
           (setq lspilot--edited nil)
           (unless (lspilot--ready-p)
             (lspilot--connect))
           (lspilot--flush)
           (lspilot--schedule))
          ((and (or lspilot--timer lspilot--pending)
                (not (eql (point) lspilot--asked-at)))
           (lspilot--cancel)))))

;;; Commands

(defun lspilot--insert (s text)
  "Insert TEXT, a prefix of suggestion S's text, at point.
When TEXT is all of it, replace the text the suggestion replaces."
  (let ((lspilot--inserting t)
        (all (equal text (lspilot--suggestion-text s))))
    (when (and all (> (lspilot--suggestion-replace s) 0))
      (delete-region (point) (min (point-max) (+ (point) (lspilot--suggestion-replace s)))))
    (insert text)
    (lspilot--flush)))

(defun lspilot-accept ()
  "Insert the suggestion shown and leave point after it."
  (interactive)
  (let ((s (or (lspilot--current) (user-error "No lspilot suggestion here"))))
    (lspilot--insert s (lspilot--suggestion-text s))
    (lspilot--clear)
    (let ((command (plist-get (lspilot--suggestion-item s) :command)))
      (when (and command (lspilot--ready-p))
        (jsonrpc-async-request lspilot--conn :workspace/executeCommand
                               (list :command (plist-get command :command)
                                     :arguments (or (plist-get command :arguments) []))
                               :success-fn #'ignore :error-fn #'ignore :timeout 10)))))

(defun lspilot--accept-part (regexp)
  "Insert the start of the suggestion shown that REGEXP matches."
  (let* ((s (or (lspilot--current) (user-error "No lspilot suggestion here")))
         (text (lspilot--suggestion-text s))
         (n (and (string-match regexp text) (match-end 0))))
    (if (or (null n) (zerop n) (>= n (length text)))
        (lspilot-accept)
      (let ((part (substring text 0 n)))
        (lspilot--insert s part)
        (setf (lspilot--suggestion-text s) (substring text n)
              (lspilot--suggestion-accepted s) (+ (lspilot--suggestion-accepted s)
                                                  (lspilot--string-utf16-length part)))
        (setq lspilot--suggestions (list s) lspilot--index 0 lspilot--cycled t)
        (lspilot--show)
        (lspilot--notify :textDocument/didPartiallyAcceptCompletion
                         (list :item (lspilot--suggestion-item s)
                               :acceptedLength (lspilot--suggestion-accepted s)))))))

(defun lspilot-accept-word ()
  "Insert the next word of the suggestion shown."
  (interactive)
  (lspilot--accept-part "\\`[[:space:]]*\\(?:[[:alnum:]_]+\\|[^[:alnum:]_[:space:]]+\\)"))

(defun lspilot-accept-line ()
  "Insert the rest of the suggestion's line, with its line break."
  (interactive)
  (lspilot--accept-part "\\`[^\n]*\n?"))

(defun lspilot--rotate (step)
  "Show the suggestion STEP places away, around the list."
  (let ((n (length lspilot--suggestions)))
    (when (> n 0)
      (setq lspilot--index (mod (+ lspilot--index step) n))
      (lspilot--show)
      (message "lspilot: suggestion %d of %d" (1+ lspilot--index) n))))

(defun lspilot--cycle (step)
  "Show the alternative STEP places away, asking lspilot for them first."
  (if lspilot--cycled
      (lspilot--rotate step)
    (lspilot--request (current-buffer) 2 t)))

(defun lspilot-next ()
  "Show the next alternative suggestion."
  (interactive)
  (lspilot--cycle 1))

(defun lspilot-previous ()
  "Show the previous alternative suggestion."
  (interactive)
  (lspilot--cycle -1))

(defun lspilot-complete ()
  "Ask lspilot for suggestions at point now."
  (interactive)
  (unless (lspilot--ready-p)
    (user-error "lspilot is not connected here: M-x lspilot-mode"))
  (lspilot--clear)
  (lspilot--request (current-buffer) 2))

(defun lspilot-dismiss ()
  "Hide the suggestion shown."
  (interactive)
  (lspilot--cancel)
  (lspilot--clear))

(provide 'lspilot-ghost)
;;; lspilot-ghost.el ends here
