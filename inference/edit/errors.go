package edit

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

var (
	// ErrUnknownAction reports an action other than fix, rewrite, simplify,
	// doc and tests.
	ErrUnknownAction = errors.New("unknown code action")
	// ErrBadSelection reports a selection outside the text or inside a
	// UTF-8 sequence.
	ErrBadSelection = errors.New("selection outside the text or inside a character")
	// ErrNoSelection reports rewrite or simplify without selected code.
	ErrNoSelection = errors.New("select the code to change first")
	// ErrFileTooLarge reports a document or test file over
	// Config.MaxFileBytes.
	ErrFileTooLarge = errors.New("file too large for a code action")
	// ErrNoPath reports tests asked for a document without a path, so that
	// no test file can be named.
	ErrNoPath = errors.New("the document has no path to name a test file after")
)

// RefusedError reports that none of the model's answers could be applied.
type RefusedError struct {
	// Action is the code action that was asked for.
	Action string
	// Attempts is the number of answers the model gave.
	Attempts int
	// Reason is diffing's refusal of the last answer.
	Reason error
}

func (e *RefusedError) Error() string {
	answers := "answers"
	if e.Attempts == 1 {
		answers = "answer"
	}
	return fmt.Sprintf("the model's edit was refused after %d %s: %v", e.Attempts, answers, e.Reason)
}

// Unwrap returns the last refusal.
func (e *RefusedError) Unwrap() error { return e.Reason }

// actions are the code actions the engine knows.
var actions = map[string]bool{
	actionFix: true, actionRewrite: true, actionSimplify: true, actionDoc: true, actionTests: true,
}

// The code actions.
const (
	actionFix      = "fix"
	actionRewrite  = "rewrite"
	actionSimplify = "simplify"
	actionDoc      = "doc"
	actionTests    = "tests"
)

// validate checks req before any model runs.
func validate(req Request, maxFileBytes int) error {
	if !actions[req.Action] {
		return fmt.Errorf("%w %q: want fix, rewrite, simplify, doc or tests", ErrUnknownAction, req.Action)
	}
	if len(req.Text) > maxFileBytes {
		return fmt.Errorf("%s of %d bytes exceeds the limit of %d: %w", describe(req.Path), len(req.Text), maxFileBytes, ErrFileTooLarge)
	}
	if req.Start < 0 || req.Start > req.End || req.End > len(req.Text) ||
		!runeStart(req.Text, req.Start) || !runeStart(req.Text, req.End) {
		return fmt.Errorf("selection [%d,%d) of %d bytes: %w", req.Start, req.End, len(req.Text), ErrBadSelection)
	}
	if (req.Action == actionRewrite || req.Action == actionSimplify) && req.Start == req.End {
		return fmt.Errorf("%s: %w", req.Action, ErrNoSelection)
	}
	if req.Action == actionTests && req.Path == "" {
		return fmt.Errorf("tests: %w", ErrNoPath)
	}
	return nil
}

// runeStart reports whether offset i of s starts a character or ends s.
func runeStart(s string, i int) bool {
	return i == len(s) || utf8.RuneStart(s[i])
}

// describe names a document for messages.
func describe(path string) string {
	if path == "" {
		return "the document"
	}
	return path
}
