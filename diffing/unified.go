package diffing

import (
	"strings"

	"github.com/sourcegraph/go-diff/diff"
)

// DefaultContextLines is the number of unchanged lines around each hunk of a
// preview.
const DefaultContextLines = 3

// Unified returns a unified diff that turns before into after, printed by
// go-diff, or "" when the texts are equal. Carriage returns of CRLF lines are
// left out of the diff.
func Unified(oldName, newName, before, after string) (string, error) {
	fd := ToFileDiff(oldName, newName, before, after, DefaultContextLines)
	if len(fd.Hunks) == 0 {
		return "", nil
	}
	out, err := diff.PrintFileDiff(fd)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// ToFileDiff returns a go-diff FileDiff that turns before into after, with
// contextLines unchanged lines around each hunk. It has no hunks when the
// texts are equal.
func ToFileDiff(oldName, newName, before, after string, contextLines int) *diff.FileDiff {
	fd := &diff.FileDiff{OrigName: oldName, NewName: newName}
	a, b := splitLines(before), splitLines(after)
	changes := diffLines(a, b)
	for len(changes) > 0 {
		n := 1 // changes[:n] go into one hunk
		for n < len(changes) && changes[n].a0-changes[n-1].a1 <= 2*contextLines {
			n++
		}
		fd.Hunks = append(fd.Hunks, buildHunk(a, b, changes[:n], contextLines))
		changes = changes[n:]
	}
	return fd
}

// hunkWriter accumulates the body of one hunk.
type hunkWriter struct {
	h   *diff.Hunk
	buf strings.Builder
}

// buildHunk returns the hunk covering changes, which lie close together.
func buildHunk(a, b []string, changes []change, contextLines int) *diff.Hunk {
	first, last := changes[0], changes[len(changes)-1]
	a0 := max(0, first.a0-contextLines)
	b0 := first.b0 - (first.a0 - a0)
	a1 := min(len(a), last.a1+contextLines)
	w := &hunkWriter{h: &diff.Hunk{}}
	at := a0
	for _, c := range changes {
		w.lines(' ', a[at:c.a0])
		w.lines('-', a[c.a0:c.a1])
		w.lines('+', b[c.b0:c.b1])
		at = c.a1
	}
	w.lines(' ', a[at:a1])
	h := w.h
	h.Body = []byte(w.buf.String())
	h.OrigStartLine, h.OrigLines = startLine(a0, h.OrigLines)
	h.NewStartLine, h.NewLines = startLine(b0, h.NewLines)
	return h
}

// startLine returns the 1-based start line that a unified diff states for a
// range beginning at 0-based index i; an empty range names the line before.
func startLine(i int, count int32) (int32, int32) {
	if count == 0 {
		return int32(i), 0
	}
	return int32(i + 1), count
}

// lines writes lines with the given prefix and counts them.
func (w *hunkWriter) lines(prefix byte, lines []string) {
	for _, l := range lines {
		switch prefix {
		case ' ':
			w.h.OrigLines++
			w.h.NewLines++
		case '-':
			w.h.OrigLines++
		case '+':
			w.h.NewLines++
		}
		w.buf.WriteByte(prefix)
		content := strings.TrimSuffix(strings.TrimSuffix(l, "\n"), "\r")
		w.buf.WriteString(content)
		if strings.HasSuffix(l, "\n") {
			w.buf.WriteByte('\n')
		} else if prefix == '-' {
			// The old text ends here without a newline: go-diff prints
			// the marker after this line.
			w.buf.WriteByte('\n')
			w.h.OrigNoNewlineAt = int32(w.buf.Len())
		}
	}
}
