package privacy

import (
	"path"
	"strings"
)

// Excluded reports whether the file at p must never reach a backend. p is
// the path relative to the workspace root, or an absolute path for files
// outside the workspace; either separator is accepted and case is ignored.
func (m *Matcher) Excluded(p string) bool {
	if m == nil {
		return false
	}
	m.mu.Lock()
	excluded, ok := m.seen[p]
	m.mu.Unlock()
	if ok {
		return excluded
	}
	excluded = m.match(p)
	m.mu.Lock()
	if m.seen == nil || len(m.seen) >= maxSeen {
		m.seen = make(map[string]bool)
	}
	m.seen[p] = excluded
	m.mu.Unlock()
	return excluded
}

// match is Excluded without the memory of earlier answers.
func (m *Matcher) match(p string) bool {
	segs := split(p)
	if len(segs) == 0 {
		return false
	}
	for _, c := range m.patterns {
		if c.matches(segs) {
			return true
		}
	}
	return false
}

// split returns the cleaned, lower-cased segments of p.
func split(p string) []string {
	p = strings.ToLower(strings.ReplaceAll(p, `\`, "/"))
	p = strings.Trim(path.Clean("/"+p), "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// matches reports whether c matches the path of segments segs: a file
// pattern a run of segments ending at the base name, a directory pattern a
// run ending before it.
func (c pattern) matches(segs []string) bool {
	last := len(segs) // exclusive end of the run for a file pattern
	for start := range segs {
		if c.anchored && start > 0 {
			return false
		}
		if !c.dir {
			if globSegs(c.segs, segs[start:last]) {
				return true
			}
			continue
		}
		for end := start + 1; end < last; end++ {
			if globSegs(c.segs, segs[start:end]) {
				return true
			}
		}
	}
	return false
}

// globSegs reports whether pattern segments pat match all of segs; "**"
// matches zero or more segments.
func globSegs(pat, segs []string) bool {
	if len(pat) == 0 {
		return len(segs) == 0
	}
	if pat[0] == "**" {
		for i := 0; i <= len(segs); i++ {
			if globSegs(pat[1:], segs[i:]) {
				return true
			}
		}
		return false
	}
	if len(segs) == 0 {
		return false
	}
	ok, _ := path.Match(pat[0], segs[0])
	return ok && globSegs(pat[1:], segs[1:])
}
