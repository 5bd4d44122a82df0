package nextedit

import (
	"strings"
	"unicode/utf8"

	"github.com/sourcegraph/go-diff/diff"

	"github.com/lspilot/lspilot/diffing"
)

// changeOf returns the change from before to after, false when there is
// none.
func changeOf(path, before, after string) (Change, bool) {
	fd := diffing.ToFileDiff(path, path, before, after, diffContext)
	if len(fd.Hunks) == 0 {
		return Change{}, false
	}
	out, err := diff.PrintHunks(fd.Hunks)
	if err != nil {
		return Change{}, false
	}
	c := Change{Path: path, Diff: string(out)}
	var old, new strings.Builder
	for _, l := range strings.SplitAfter(string(out), "\n") {
		switch {
		case strings.HasPrefix(l, " "):
			old.WriteString(l[1:])
			new.WriteString(l[1:])
		case strings.HasPrefix(l, "-"):
			old.WriteString(l[1:])
		case strings.HasPrefix(l, "+"):
			new.WriteString(l[1:])
		}
	}
	c.Old, c.New = old.String(), new.String()
	return c, true
}

// commonPrefix returns the length of the longest common prefix of a and b
// that ends between two runes.
func commonPrefix(a, b string) int {
	n := 0
	for n < min(len(a), len(b)) && a[n] == b[n] {
		n++
	}
	for n > 0 && n < len(a) && !utf8.RuneStart(a[n]) {
		n--
	}
	return n
}

// linesAround returns the lines of text from line-n to line+n.
func linesAround(text string, line, n int) string {
	lines := strings.SplitAfter(text, "\n")
	lo, hi := max(0, line-n), min(len(lines), line+n+1)
	return strings.Join(lines[lo:hi], "")
}
