;;; emacs-lsp.el --- drives lsp-mode for tests/lsp/emacs_lsp.sh  -*- lexical-binding: t -*-
;; SPDX-License-Identifier: MIT
;; Loaded after the init.el of docs/editors.md by an interactive Emacs
;; (emacs -nw in a pseudo-terminal: lsp-deferred starts the server from an
;; idle timer, which batch mode never runs). Waits for the server's
;; diagnostics in flymake, then with DH_MODE=quickfix formats the buffer
;; (lsp-format-buffer) and applies the quick fix at line 1, or with
;; DH_MODE=fixall applies "Harden this file"; saves DH_FILE. What it saw goes to
;; $DH_LOG; Emacs exits 0, or 1 when a step failed.

(defvar dh-tries 0)

(defun dh-log (fmt &rest args)
  (write-region (concat (apply #'format fmt args) "\n") nil
                (getenv "DH_LOG") t 'quiet))

(defun dh-fail (fmt &rest args)
  (apply #'dh-log (concat "emacs: " fmt) args)
  (dh-log "*Messages*: %s" (with-current-buffer "*Messages*" (buffer-string)))
  (kill-emacs 1))

(defun dh-act ()
  (dh-log "lsp-mode: %s, flymake: %s" (bound-and-true-p lsp-mode)
          (bound-and-true-p flymake-mode))
  (dolist (d (flymake-diagnostics))
    (dh-log "diagnostic: %s line %d: %s" (flymake-diagnostic-type d)
            (line-number-at-pos (flymake-diagnostic-beg d))
            (car (split-string (flymake-diagnostic-text d) "\n"))))
  (when (equal (getenv "DH_MODE") "quickfix")
    (lsp-format-buffer)
    (dh-log "lsp-format-buffer: line 1 is now %s"
            (buffer-substring (point-min) (line-end-position 1))))
  (goto-char (point-min))
  ;; what M-x lsp-execute-code-action would offer here
  (dh-log "actions at line 1: %s"
          (mapconcat #'lsp:code-action-title (lsp-code-actions-at-point)
                     " | "))
  (let ((kind (if (equal (getenv "DH_MODE") "fixall")
                  "source.fixAll" "quickfix"))
        (before (buffer-string)))
    (lsp-execute-code-action-by-kind kind)
    (when (equal before (buffer-string))
      (dh-fail "the %s code action changed nothing" kind))
    (dh-log "applied: the %s code action" kind))
  (save-buffer)
  (kill-emacs 0))

(defun dh-poll ()
  (setq dh-tries (1+ dh-tries))
  (set-buffer (or (find-buffer-visiting (getenv "DH_FILE"))
                  (dh-fail "%s is not visited" (getenv "DH_FILE"))))
  (cond
   ((and (bound-and-true-p flymake-mode) (flymake-diagnostics))
    (condition-case err
        (dh-act)
      (error (dh-fail "%S" err))))
   ((>= dh-tries 150)
    (dh-fail "no diagnostics within 15 s (buffer %s, mode %s)"
             (buffer-name) major-mode))
   (t (run-with-timer 0.1 nil #'dh-poll))))

(add-hook 'emacs-startup-hook (lambda () (run-with-timer 0.1 nil #'dh-poll)))
