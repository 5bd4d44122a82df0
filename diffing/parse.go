package diffing

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/lspilot/lspilot/diffing/lang"
	"github.com/sourcegraph/go-diff/diff"
)

// DefaultMaxOutputBytes is the default limit on the size of model output.
const DefaultMaxOutputBytes = 1 << 20

// Kind says which form of change a model proposed.
type Kind int

const (
	// KindDiff is a unified diff of one or more files.
	KindDiff Kind = iota + 1
	// KindReplacement is new text for the selected region.
	KindReplacement
)

func (k Kind) String() string {
	switch k {
	case KindDiff:
		return "diff"
	case KindReplacement:
		return "replacement"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Proposal is the change a model proposed, parsed from its raw output.
type Proposal struct {
	Kind Kind
	// Files holds, for KindDiff, one patch per file the diff names, in the
	// order the files first appear.
	Files []*FilePatch
	// Replacement holds, for KindReplacement, the text for the selection,
	// with LF line endings.
	Replacement string
}

// Parse extracts the change a model proposes from its raw output: a unified
// diff (fenced or not, amid prose, with or without file headers, with wrong
// hunk counts) or replacement text (a fenced code block or bare code). It
// returns a *SizeError for output over opts.MaxOutputBytes and ErrNoEdit for
// output that holds only prose.
func Parse(output string, opts Options) (*Proposal, error) {
	opts = opts.withDefaults()
	if len(output) > opts.MaxOutputBytes {
		return nil, &SizeError{What: "model output", Size: len(output), Limit: opts.MaxOutputBytes}
	}
	text := lang.StripThinking(toLF(output))
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	blocks, outside := lang.SplitFences(lines)
	if files := findDiff(blocks, outside); files != nil {
		patches, err := parseFiles(files)
		if err != nil {
			return nil, err
		}
		return &Proposal{Kind: KindDiff, Files: patches}, nil
	}
	code, err := findCode(blocks, outside)
	if err != nil {
		return nil, err
	}
	return &Proposal{Kind: KindReplacement, Replacement: code}, nil
}

// findDiff returns the diff held by the fenced blocks that look like diffs,
// or else by the text outside any fence, or nil when there is none.
func findDiff(blocks []lang.Block, outside []string) []*rawFile {
	var files []*rawFile
	for _, b := range blocks {
		forced := b.Lang == "diff" || b.Lang == "patch" || b.Lang == "udiff"
		if forced || looksLikeDiff(b.Lines) {
			files = append(files, scanDiff(b.Lines, forced)...)
		}
	}
	if len(files) == 0 && looksLikeDiff(outside) {
		files = scanDiff(outside, false)
	}
	return files
}

// looksLikeDiff reports whether lines hold a hunk header followed by a body
// line, or a ---/+++ file header pair.
func looksLikeDiff(lines []string) bool {
	for i := 0; i+1 < len(lines); i++ {
		l, next := lines[i], lines[i+1]
		if strings.HasPrefix(l, "@@") && next != "" && strings.ContainsRune(" +-", rune(next[0])) {
			return true
		}
		if strings.HasPrefix(l, "--- ") && strings.HasPrefix(next, "+++ ") {
			return true
		}
	}
	return false
}

// findCode returns the replacement text: the first fenced block, or else the
// output without the prose around it; blank lines around it are dropped.
func findCode(blocks []lang.Block, outside []string) (string, error) {
	var code []string
	if len(blocks) > 0 {
		code = blocks[0].Lines
	} else {
		var allProse bool
		if code, allProse = lang.TrimProse(outside); allProse {
			return "", fmt.Errorf("model output is prose: %w", ErrNoEdit)
		}
	}
	for len(code) > 0 && strings.TrimSpace(code[len(code)-1]) == "" {
		code = code[:len(code)-1]
	}
	for len(code) > 0 && strings.TrimSpace(code[0]) == "" {
		code = code[1:]
	}
	text := strings.Join(code, "\n")
	if text == "" {
		return "", fmt.Errorf("code block is empty: %w", ErrNoEdit)
	}
	return text + "\n", nil
}

// parseFiles hands the normalised diff to go-diff and pairs its files with
// what the scan learned. Patches for the same file are merged.
func parseFiles(files []*rawFile) ([]*FilePatch, error) {
	fds, err := diff.ParseMultiFileDiff([]byte(render(files)))
	if err != nil {
		return nil, fmt.Errorf("parse diff: %v: %w", err, ErrMalformed)
	}
	if len(fds) != len(files) {
		return nil, fmt.Errorf("parse diff: %d files, want %d: %w", len(fds), len(files), ErrMalformed)
	}
	var patches []*FilePatch
	byName := make(map[[2]string]*FilePatch)
	for i, fd := range fds {
		raw := files[i]
		if len(fd.Hunks) != len(raw.hunks) {
			return nil, fmt.Errorf("parse diff: %d hunks, want %d: %w", len(fd.Hunks), len(raw.hunks), ErrMalformed)
		}
		if err := checkNames(fd); err != nil {
			return nil, err
		}
		if raw.orig == "" {
			fd.OrigName = ""
		}
		if raw.new == "" {
			fd.NewName = ""
		}
		key := [2]string{fd.OrigName, fd.NewName}
		p := byName[key]
		if p == nil {
			p = &FilePatch{OrigName: fd.OrigName, NewName: fd.NewName, Diff: fd}
			byName[key] = p
			patches = append(patches, p)
		} else {
			p.Diff.Hunks = append(p.Diff.Hunks, fd.Hunks...)
		}
		for _, h := range raw.hunks {
			p.numbered = append(p.numbered, h.numbered)
		}
	}
	for _, p := range patches {
		if err := checkReadsBack(p.Diff); err != nil {
			return nil, err
		}
	}
	return patches, nil
}

// checkReadsBack refuses a patch that go-diff cannot read back from its own
// print, so that every preview lspilot shows is a diff other tools read as
// it was meant: a removed line that starts with "--" before an added line
// that starts with "++" reads as a file header when another hunk follows.
func checkReadsBack(fd *diff.FileDiff) error {
	named := *fd // a patch without file headers prints none
	if named.OrigName == "" {
		named.OrigName = "a"
	}
	if named.NewName == "" {
		named.NewName = "b"
	}
	out, err := diff.PrintFileDiff(&named)
	if err == nil {
		var back *diff.FileDiff
		if back, err = diff.ParseFileDiff(out); err == nil && len(back.Hunks) != len(fd.Hunks) {
			err = fmt.Errorf("%d hunks read back, want %d", len(back.Hunks), len(fd.Hunks))
		}
	}
	if err != nil {
		return fmt.Errorf("parse diff: the patch of %q does not read back: %v: %w", fd.NewName, err, ErrMalformed)
	}
	return nil
}

// checkNames refuses file names with control characters: go-diff unquotes
// names such as '\x0A', and a line break in a header cannot be printed back.
func checkNames(fd *diff.FileDiff) error {
	for _, name := range []string{fd.OrigName, fd.NewName} {
		if strings.IndexFunc(name, unicode.IsControl) >= 0 {
			return fmt.Errorf("parse diff: file name %q has control characters: %w", name, ErrMalformed)
		}
	}
	return nil
}
