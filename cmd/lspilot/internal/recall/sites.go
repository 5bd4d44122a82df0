package recall

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Site is a completion site: a line emptied in a file, to be written again.
type Site struct {
	// Path is the file's path relative to the set's root.
	Path string
	// Text is the file with the line emptied and Cursor the line's start.
	Text   string
	Cursor int
	// Line is the emptied line's text, without its newline.
	Line string
	// Decl is the declaration the line uses.
	Decl Decl
	// Visited are the files the user viewed before, the most recent last.
	Visited []Visit
	// Siblings are the other files of the site's package (directory), in
	// a random order.
	Siblings []string
}

// Decl is where an identifier is declared.
type Decl struct {
	// Name is the identifier; Path its file relative to the set's root and
	// Line the declaring line's number (from 1).
	Name, Path string
	Line       int
	// Text is the declaring line without its leading and trailing blanks:
	// a prompt that holds it holds the declaration.
	Text string
}

// Visit is a file the user viewed, at a cursor.
type Visit struct {
	Path, Text string
	Cursor     int
}

// use is a line of a file that uses a declaration of another file.
type use struct {
	line int // from 1
	decl Decl
}

// finder knows a language's declarations.
type finder interface {
	// uses returns the lines of a file that use a declaration of another
	// file, in line order.
	uses(rel string) ([]use, error)
	// siblings returns the other files of rel's package.
	siblings(rel string) []string
}

// minDeclBytes: a shorter declaring line is too common a text to tell
// whether a prompt holds the declaration.
const minDeclBytes = 8

// visits is how many files the user viewed before coming to a site.
const visits = 3

// sample draws n sites from set with seed: one per file in a random order
// of the files, then, while sites are missing and files have lines left,
// another per file.
func sample(set Set, f finder, n int, seed uint64) ([]Site, error) {
	files, err := set.files()
	if err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	order := r.Perm(len(files))
	taken := map[string]map[int]bool{} // lines taken, by file
	var sites []Site
	for more := true; more && len(sites) < n; {
		more = false
		for _, i := range order {
			if len(sites) == n {
				break
			}
			if taken[files[i]] == nil {
				taken[files[i]] = map[int]bool{}
			}
			site, ok, err := siteIn(set, f, files[i], taken[files[i]], r)
			if err != nil {
				return nil, err
			}
			if ok {
				sites, more = append(sites, site), true
			}
		}
	}
	return sites, nil
}

// siteIn draws a site of file rel on a line not taken yet, if it has one,
// and marks its line taken.
func siteIn(set Set, f finder, rel string, taken map[int]bool, r *rand.Rand) (Site, bool, error) {
	uses, err := f.uses(rel)
	if err != nil || len(uses) == len(taken) {
		return Site{}, false, nil // a file that does not parse has no sites
	}
	src, err := os.ReadFile(filepath.Join(set.Root, filepath.FromSlash(rel)))
	if err != nil {
		return Site{}, false, fmt.Errorf("read site: %w", err)
	}
	text := string(src)
	for _, k := range r.Perm(len(uses)) {
		u := uses[k]
		if taken[u.line] {
			continue
		}
		taken[u.line] = true
		start, end, ok := lineSpan(text, u.line)
		if !ok {
			continue
		}
		emptied := text[:start] + text[end:]
		if len(u.decl.Text) < minDeclBytes || strings.Contains(emptied, u.decl.Text) {
			continue // the file itself holds the declaration's text
		}
		site := Site{Path: rel, Text: emptied, Cursor: start, Line: text[start:end], Decl: u.decl}
		site.Siblings = f.siblings(rel)
		r.Shuffle(len(site.Siblings), func(i, j int) { site.Siblings[i], site.Siblings[j] = site.Siblings[j], site.Siblings[i] })
		site.Visited = visited(set, site.Siblings, r)
		return site, true, nil
	}
	return Site{}, false, nil
}

// lineSpan returns the offsets of line n (from 1) of text, without its
// newline; ok is false for a blank line or one past the end.
func lineSpan(text string, n int) (start, end int, ok bool) {
	for i := 1; i < n; i++ {
		j := strings.IndexByte(text[start:], '\n')
		if j < 0 {
			return 0, 0, false
		}
		start += j + 1
	}
	end = len(text)
	if j := strings.IndexByte(text[start:], '\n'); j >= 0 {
		end = start + j
	}
	return start, end, strings.TrimSpace(text[start:end]) != ""
}

// visited picks the files viewed before a site: the visits most recently
// modified of its package, the most recent last, at a random line each.
// Files modified at the same time (every file of a release tarball) come
// in a random order.
func visited(set Set, siblings []string, r *rand.Rand) []Visit {
	type cand struct {
		rel  string
		mod  int64
		rank int
	}
	var cands []cand
	for i, k := range r.Perm(len(siblings)) {
		info, err := os.Stat(filepath.Join(set.Root, filepath.FromSlash(siblings[k])))
		if err != nil || info.Size() > maxFileBytes {
			continue
		}
		cands = append(cands, cand{rel: siblings[k], mod: info.ModTime().UnixNano(), rank: i})
	}
	slices.SortFunc(cands, func(a, b cand) int { return cmp.Or(cmp.Compare(b.mod, a.mod), cmp.Compare(a.rank, b.rank)) })
	var out []Visit
	for _, c := range cands[:min(visits, len(cands))] {
		src, err := os.ReadFile(filepath.Join(set.Root, filepath.FromSlash(c.rel)))
		if err != nil || len(src) == 0 {
			continue
		}
		at := r.IntN(len(src))
		out = append(out, Visit{Path: c.rel, Text: string(src), Cursor: strings.LastIndexByte(string(src[:at]), '\n') + 1})
	}
	slices.Reverse(out)
	return out
}

// dirSiblings returns the files of files in rel's directory, rel aside.
func dirSiblings(files []string, rel string) []string {
	var out []string
	for _, f := range files {
		if f != rel && path.Dir(f) == path.Dir(rel) {
			out = append(out, f)
		}
	}
	return out
}

// sorted sorts s in place and returns it.
func sorted(s []string) []string {
	slices.Sort(s)
	return s
}

// sortUses puts uses in line order.
func sortUses(u []use) {
	slices.SortFunc(u, func(a, b use) int { return cmp.Compare(a.line, b.line) })
}
