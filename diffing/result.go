package diffing

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sourcegraph/go-diff/diff"
)

// Options tunes parsing and applying. The zero value is ready to use.
type Options struct {
	// MaxOutputBytes limits the size of model output; 0 means
	// DefaultMaxOutputBytes.
	MaxOutputBytes int
	// AmbiguityWindow is the number of lines around a hunk's expected
	// position within which a unique match settles an ambiguous hunk; 0
	// means DefaultAmbiguityWindow, negative means no window.
	AmbiguityWindow int
	// Lookup returns the current text of a file other than the document
	// that a diff names, as the diff names it (see FilePatch.Name), and false
	// when the file does not exist. The caller checks workspace roots before
	// answering. Nil means diffs may only change the document.
	Lookup func(name string) (text string, ok bool)
	// SkipVerify turns off Verify on the results.
	SkipVerify bool
	// KeepIndentation leaves the indentation of the model's lines as it is
	// instead of converting it to the file's style.
	KeepIndentation bool
}

func (o Options) withDefaults() Options {
	if o.MaxOutputBytes <= 0 {
		o.MaxOutputBytes = DefaultMaxOutputBytes
	}
	switch {
	case o.AmbiguityWindow == 0:
		o.AmbiguityWindow = DefaultAmbiguityWindow
	case o.AmbiguityWindow < 0:
		o.AmbiguityWindow = -1
	}
	return o
}

// Result is a verified proposal, ready to be offered as an edit.
type Result struct {
	Kind    Kind
	Files   []FileResult // the files the proposal changes, in diff order
	Preview string       // unified diff of all files
}

// FileResult is the change to one file.
type FileResult struct {
	// Path is the document's path when the change is to the document;
	// otherwise the file as the diff names it, without git's a/ and b/
	// prefixes and otherwise untouched: it may be absolute or hold "..".
	Path string
	// OrigName and NewName are the names in the diff's header, "" for a
	// replacement or a diff without one.
	OrigName, NewName string
	// Create and Delete report a diff that creates or deletes the file.
	Create, Delete bool
	// Edits turn the file's current text into NewText; they are minimal,
	// sorted and disjoint.
	Edits   []Edit
	NewText string
	// Preview is the unified diff of the change, printed by go-diff.
	Preview string
	// Matches records how each hunk of a diff was located.
	Matches []HunkMatch
}

// FromModelOutput turns a model's answer to a code action on the document at
// path, whose text is oldText and whose selection is [selStart, selEnd), into
// verified minimal edits. The selection must not split a UTF-8 sequence.
// A diff may name other files when opts.Lookup knows
// them; a replacement replaces the selection. It returns ErrNoChange when
// nothing would change and a *SizeError, *HunkError or *FileError, or an
// error wrapping ErrNoEdit, ErrOtherFile or a verification sentinel, when the
// proposal is refused.
func FromModelOutput(path, oldText string, selStart, selEnd int, output string, opts Options) (Result, error) {
	opts = opts.withDefaults()
	if selStart < 0 || selStart > selEnd || selEnd > len(oldText) || !onRuneBoundary(oldText, selStart) || !onRuneBoundary(oldText, selEnd) {
		return Result{}, fmt.Errorf("selection [%d,%d) of %d bytes: %w", selStart, selEnd, len(oldText), ErrOutOfRange)
	}
	p, err := Parse(output, opts)
	if err != nil {
		return Result{}, err
	}
	res := Result{Kind: p.Kind}
	olds := map[string]string{}
	if p.Kind == KindReplacement {
		code := replaceSelection(oldText, selStart, selEnd, p.Replacement, !opts.KeepIndentation)
		fr := FileResult{Path: path, NewText: oldText[:selStart] + code + oldText[selEnd:]}
		fr.Edits = shiftEdits(ComputeEdits(oldText[selStart:selEnd], code), selStart)
		res.Files = []FileResult{fr}
		olds[path] = oldText
	} else if res.Files, err = applyFiles(path, oldText, p.Files, opts, olds); err != nil {
		return Result{}, err
	}
	return finish(res, olds, opts)
}

// applyFiles applies each file patch to its current text, recorded in olds.
func applyFiles(path, oldText string, patches []*FilePatch, opts Options, olds map[string]string) ([]FileResult, error) {
	var files []FileResult
	for _, p := range patches {
		name, text := p.Name(), ""
		switch {
		case targetsDocument(name, path) && !p.IsCreate():
			name, text = path, oldText
		case opts.Lookup != nil:
			var ok bool
			if text, ok = opts.Lookup(name); !ok && !p.IsCreate() {
				return nil, &FileError{File: name, Err: fmt.Errorf("no such file: %w", ErrOtherFile)}
			}
		default:
			return nil, &FileError{File: name, Err: ErrOtherFile}
		}
		if _, dup := olds[name]; dup {
			return nil, &FileError{File: name, Err: fmt.Errorf("named twice: %w", ErrOverlap)}
		}
		fr, err := p.Apply(text, opts)
		if err != nil {
			var he *HunkError
			if errors.As(err, &he) {
				he.File = name
			}
			return nil, err
		}
		fr.Path = name
		olds[name] = text
		files = append(files, fr)
	}
	return files, nil
}

// finish verifies the changed files, drops unchanged ones and adds previews.
func finish(res Result, olds map[string]string, opts Options) (Result, error) {
	var files []FileResult
	var fds []*diff.FileDiff
	for _, fr := range res.Files {
		old := olds[fr.Path]
		if len(fr.Edits) == 0 && !fr.Create && !fr.Delete {
			continue
		}
		if !opts.SkipVerify {
			if err := Verify(fr.Path, old, fr.NewText); err != nil {
				return Result{}, &FileError{File: fr.Path, Err: err}
			}
		}
		oldName, newName := "a/"+fr.Path, "b/"+fr.Path
		if strings.HasPrefix(fr.Path, "/") {
			oldName, newName = fr.Path, fr.Path
		}
		if fr.Create {
			oldName = DevNull
		}
		if fr.Delete {
			newName = DevNull
		}
		fd := ToFileDiff(oldName, newName, old, fr.NewText, DefaultContextLines)
		preview, err := diff.PrintFileDiff(fd)
		if err != nil {
			return Result{}, fmt.Errorf("print preview: %w", err)
		}
		fr.Preview = string(preview)
		files = append(files, fr)
		fds = append(fds, fd)
	}
	if len(files) == 0 {
		return Result{}, ErrNoChange
	}
	all, err := diff.PrintMultiFileDiff(fds)
	if err != nil {
		return Result{}, fmt.Errorf("print preview: %w", err)
	}
	res.Files, res.Preview = files, string(all)
	return res, nil
}

// IsRefusal reports whether err is a refusal of the model's proposal, as
// opposed to a misuse of the package.
func IsRefusal(err error) bool {
	for _, target := range []error{ErrNoMatch, ErrAmbiguous, ErrOverlap, ErrNoEdit, ErrNoChange, ErrOtherFile,
		ErrTooLarge, ErrMalformed, ErrUnbalanced, ErrIndentation, ErrSyntax} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}
