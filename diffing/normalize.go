package diffing

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// rawFile is one file's part of a diff found in model output, before go-diff
// parses it.
type rawFile struct {
	orig, new string // header names as written, "" when the output had none
	hunks     []*rawHunk
}

// rawHunk is one hunk found in model output.
type rawHunk struct {
	oldStart, newStart int    // stated start lines
	oldCount, newCount int    // stated counts, -1 when the header had none
	numbered           bool   // whether the header carried line numbers
	section            string // text after the closing @@
	body               []string
	oldSeen, newSeen   int // lines of each side in body
}

// hunkHeaderRE matches a hunk header, leniently: extra @ signs and spaces.
var hunkHeaderRE = regexp.MustCompile(`^@@+\s*-(\d+)(?:,(\d+))?\s+\+(\d+)(?:,(\d+))?\s*@@+\s?(.*)$`)

// noNewlineMarker is the line diff prints after a line without a newline.
const noNewlineMarker = `\ No newline at end of file`

// maxLineNumber bounds the line numbers taken from hunk headers.
const maxLineNumber = 1 << 30

// parseHunkHeader returns the hunk that a header line starting with "@@"
// opens. A header without usable numbers opens an unnumbered hunk.
func parseHunkHeader(l string) *rawHunk {
	m := hunkHeaderRE.FindStringSubmatch(strings.TrimRight(l, " \t"))
	if m == nil {
		return &rawHunk{oldCount: -1, newCount: -1}
	}
	num := func(s string, def int) int {
		if s == "" {
			return def
		}
		n, err := strconv.Atoi(s)
		if err != nil || n > maxLineNumber {
			return -2
		}
		return n
	}
	h := &rawHunk{
		oldStart: num(m[1], 0), oldCount: num(m[2], 1),
		newStart: num(m[3], 0), newCount: num(m[4], 1),
		numbered: true, section: strings.TrimSpace(m[5]),
	}
	if h.oldStart < 0 || h.newStart < 0 || h.oldCount < 0 || h.newCount < 0 {
		return &rawHunk{oldCount: -1, newCount: -1}
	}
	return h
}

// add appends a body line, which starts with ' ', '-', '+' or '\'.
func (h *rawHunk) add(l string) {
	switch l[0] {
	case ' ':
		h.oldSeen++
		h.newSeen++
	case '-':
		h.oldSeen++
	case '+':
		h.newSeen++
	}
	h.body = append(h.body, l)
}

// countsMet reports whether the body holds exactly the lines the header
// stated.
func (h *rawHunk) countsMet() bool {
	return h.numbered && h.oldSeen == h.oldCount && h.newSeen == h.newCount
}

// header returns the hunk header with counts recomputed from the body. A
// hunk whose header promised old lines but whose body has none inserts
// before the stated line, which unified diffs write as the line before it.
func (h *rawHunk) header() string {
	start, newStart := h.oldStart, h.newStart
	if !h.numbered {
		start, newStart = 1, 1
	}
	if h.oldSeen == 0 && h.oldCount != 0 && start > 0 {
		start--
	}
	if h.newSeen == 0 && h.newCount != 0 && newStart > 0 {
		newStart--
	}
	hdr := fmt.Sprintf("@@ -%d,%d +%d,%d @@", start, h.oldSeen, newStart, h.newSeen)
	if h.section != "" {
		hdr += " " + h.section
	}
	return hdr
}

// render writes files as a canonical unified diff for go-diff: every file
// with ---/+++ headers (placeholder names where the model gave none), every
// hunk with counts that match its body, no prose and no extended headers.
func render(files []*rawFile) string {
	var b strings.Builder
	for i, f := range files {
		orig, new := f.orig, f.new
		if orig == "" {
			orig = fmt.Sprintf("a/unnamed-%d", i)
		}
		if new == "" {
			new = fmt.Sprintf("b/unnamed-%d", i)
		}
		fmt.Fprintf(&b, "--- %s\n+++ %s\n", orig, new)
		for _, h := range f.hunks {
			b.WriteString(h.header())
			b.WriteByte('\n')
			for _, l := range h.body {
				b.WriteString(l)
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}

// headerName returns the file name of a ---/+++ header line: the text after
// the marker, up to a tab that starts a timestamp.
func headerName(l string) string {
	name := l[4:]
	if i := strings.IndexByte(name, '\t'); i >= 0 {
		name = name[:i]
	}
	return strings.TrimSpace(name)
}

// gitNames returns the two names of a "diff --git a/x b/y" line.
func gitNames(args string) (orig, new string) {
	args = strings.TrimSpace(args)
	if strings.HasPrefix(args, `"`) {
		if q, err := strconv.QuotedPrefix(args); err == nil {
			return q, strings.TrimSpace(args[len(q):])
		}
	}
	if i := strings.LastIndex(args, " b/"); i >= 0 {
		return args[:i], args[i+1:]
	}
	if f := strings.Fields(args); len(f) == 2 {
		return f[0], f[1]
	}
	return "", ""
}
