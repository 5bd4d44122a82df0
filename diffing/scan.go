package diffing

import "strings"

// diffScanner picks the diff out of model output line by line: file headers,
// hunk headers and hunk bodies survive; prose, git's extended headers and
// anything else are dropped.
type diffScanner struct {
	lines             []string
	forced            bool // the lines came from a ```diff block
	files             []*rawFile
	file              *rawFile
	hunk              *rawHunk
	blanks            int    // blank lines seen in a hunk, not yet known to be context
	gitOrig, gitNew   string // names from the last "diff --git" line
	awaitingFirstHunk bool   // a file header was just read
}

// scanDiff returns the files and hunks of the diff in lines. When forced, the
// lines are known to be a diff, so body lines without a hunk header open an
// unnumbered hunk.
func scanDiff(lines []string, forced bool) []*rawFile {
	s := &diffScanner{lines: lines, forced: forced}
	for i := 0; i < len(lines); i++ {
		i += s.line(i)
	}
	s.endHunk()
	var files []*rawFile
	for _, f := range s.files {
		if len(f.hunks) > 0 {
			files = append(files, f)
		}
	}
	return files
}

// line handles lines[i] and returns how many further lines it consumed.
func (s *diffScanner) line(i int) int {
	l := s.lines[i]
	switch {
	case strings.HasPrefix(l, "diff --git "):
		s.endHunk()
		s.file = nil
		s.gitOrig, s.gitNew = gitNames(l[len("diff --git "):])
		return 0
	case s.isFileHeader(i):
		s.endHunk()
		s.file = &rawFile{orig: headerName(l), new: headerName(s.lines[i+1])}
		s.files = append(s.files, s.file)
		s.awaitingFirstHunk = true
		return 1
	case strings.HasPrefix(l, "@@"):
		s.endHunk()
		s.openHunk(parseHunkHeader(l))
		return 0
	}
	if s.hunk == nil && (s.awaitingFirstHunk || s.forced) && l != "" && strings.ContainsRune(" +-", rune(l[0])) {
		s.openHunk(&rawHunk{oldCount: -1, newCount: -1})
	}
	if s.hunk != nil && s.body(i) {
		return 0
	}
	s.endHunk()
	return 0
}

// isFileHeader reports whether lines[i:] start with a ---/+++ header pair.
// Inside a hunk the pair must be followed by a hunk header too, since a
// removed "-- x" next to an added "++ y" looks the same.
func (s *diffScanner) isFileHeader(i int) bool {
	if !strings.HasPrefix(s.lines[i], "--- ") || i+1 >= len(s.lines) || !strings.HasPrefix(s.lines[i+1], "+++ ") {
		return false
	}
	return s.hunk == nil || (i+2 < len(s.lines) && strings.HasPrefix(s.lines[i+2], "@@"))
}

// openHunk starts a hunk in the current file, creating the file from the
// last "diff --git" line, or unnamed, when no header came first.
func (s *diffScanner) openHunk(h *rawHunk) {
	if s.file == nil {
		s.file = &rawFile{orig: s.gitOrig, new: s.gitNew}
		s.files = append(s.files, s.file)
	}
	s.file.hunks = append(s.file.hunks, h)
	s.hunk = h
	s.awaitingFirstHunk = false
}

// body adds lines[i] to the open hunk and reports whether it belonged there.
// Blank lines count as empty context lines (models drop the space) unless
// they end the hunk: trailing ones, and one at which the header's counts
// are met when no further context or added line follows.
func (s *diffScanner) body(i int) bool {
	l := s.lines[i]
	if l == "" {
		if s.hunk.countsMet() && !s.moreBody(i+1) {
			return false
		}
		s.blanks++
		return true
	}
	switch {
	case l[0] == ' ' || l[0] == '+' || l[0] == '-':
	case strings.HasPrefix(l, `\ No newline`):
		l = noNewlineMarker
	default:
		return false
	}
	for ; s.blanks > 0; s.blanks-- {
		s.hunk.add(" ")
	}
	s.hunk.add(l)
	return true
}

// moreBody reports whether the lines from i on, up to the next non-body
// line, hold a context or added line, which prose bullets ("- note") do not.
func (s *diffScanner) moreBody(i int) bool {
	for ; i < len(s.lines); i++ {
		l := s.lines[i]
		switch {
		case l == "":
		case l[0] == ' ' || l[0] == '+':
			return !strings.HasPrefix(l, "+++ ")
		case l[0] == '-':
		default:
			return false
		}
	}
	return false
}

// endHunk closes the open hunk, dropping its trailing blank lines.
func (s *diffScanner) endHunk() {
	if s.hunk != nil && len(s.hunk.body) == 0 {
		s.file.hunks = s.file.hunks[:len(s.file.hunks)-1]
	}
	s.hunk = nil
	s.blanks = 0
}
