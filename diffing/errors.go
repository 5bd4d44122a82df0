package diffing

import (
	"errors"
	"fmt"
)

var (
	// ErrOutOfRange reports an edit or selection outside the text.
	ErrOutOfRange = errors.New("out of range")
	// ErrOverlap reports edits or hunks that change the same text.
	ErrOverlap = errors.New("overlapping edits")
	// ErrNoMatch reports a hunk whose old lines occur nowhere in the text.
	ErrNoMatch = errors.New("context matches nowhere")
	// ErrAmbiguous reports a hunk whose old lines occur in several places.
	ErrAmbiguous = errors.New("context matches in several places")
	// ErrNoEdit reports model output that holds neither a diff nor code.
	ErrNoEdit = errors.New("no diff or code in model output")
	// ErrNoChange reports a proposal that leaves every file as it was.
	ErrNoChange = errors.New("proposal changes nothing")
	// ErrOtherFile reports a diff for a file whose text is not available.
	ErrOtherFile = errors.New("diff targets another file")
	// ErrTooLarge reports input beyond a configured size limit.
	ErrTooLarge = errors.New("too large")
	// ErrPathEscape reports a path that climbs out of its root with "..".
	ErrPathEscape = errors.New("path escapes its root")
	// ErrBadPath reports an empty path or one with control characters.
	ErrBadPath = errors.New("bad path")
	// ErrMalformed reports a diff that go-diff cannot parse after normalisation.
	ErrMalformed = errors.New("malformed diff")
	// ErrUnbalanced reports brackets less balanced than before the edit.
	ErrUnbalanced = errors.New("unbalanced brackets")
	// ErrIndentation reports new lines indented unlike the rest of the file.
	ErrIndentation = errors.New("inconsistent indentation")
	// ErrSyntax reports Go syntax errors that the text did not have before.
	ErrSyntax = errors.New("new syntax errors")
)

// EditError reports an edit that Apply cannot perform.
type EditError struct {
	Edit Edit  // the offending edit
	Len  int   // length of the text the edit was applied to
	Err  error // ErrOutOfRange or ErrOverlap
}

func (e *EditError) Error() string {
	return fmt.Sprintf("edit [%d,%d) on %d bytes: %v", e.Edit.Start, e.Edit.End, e.Len, e.Err)
}

// Unwrap returns the sentinel that classifies the error.
func (e *EditError) Unwrap() error { return e.Err }

// HunkError reports a hunk that cannot be applied to the current text.
type HunkError struct {
	File   string // the file the hunk belongs to, as the diff names it
	Hunk   int    // 1-based index of the hunk within its file
	Line   int    // the old start line the hunk states; 0 when it gives none
	Reason error  // ErrNoMatch, ErrAmbiguous, ErrOverlap or ErrMalformed
	Detail string // what was found, for people
}

func (e *HunkError) Error() string {
	msg := fmt.Sprintf("%s: hunk %d", e.File, e.Hunk)
	if e.Line > 0 {
		msg += fmt.Sprintf(" (line %d)", e.Line)
	}
	msg += ": " + e.Reason.Error()
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns the sentinel that classifies the error.
func (e *HunkError) Unwrap() error { return e.Reason }

// FileError reports a file of a multi-file proposal that cannot be handled.
type FileError struct {
	File string // the file as the diff names it
	Err  error
}

func (e *FileError) Error() string { return e.File + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// SizeError reports input beyond a configured limit; it matches ErrTooLarge.
type SizeError struct {
	What  string // what was measured, such as "model output"
	Size  int    // its size in bytes
	Limit int    // the limit in bytes
}

func (e *SizeError) Error() string {
	return fmt.Sprintf("%s of %d bytes exceeds limit of %d: %v", e.What, e.Size, e.Limit, ErrTooLarge)
}

// Unwrap returns ErrTooLarge.
func (e *SizeError) Unwrap() error { return ErrTooLarge }
