package recall

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// regexFinder finds the uses of declarations in Python and TypeScript with
// regular expressions: a declaration is a top-level (unindented) def or
// class in Python, and a top-level function, class, interface, type, enum,
// const, let or var in TypeScript, exported or not. A use is a line, not a
// comment nor an import, that spells a name of four bytes or more declared
// in exactly one other file of the tree and not in the file itself.
type regexFinder struct {
	set      Set
	files    []string
	decls    map[string]*Decl           // nil when declared in two files
	declares map[string]map[string]bool // the names each file declares
	texts    map[string]string
	skip     *regexp.Regexp
}

var (
	pythonDecl = regexp.MustCompile(`^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)`)
	pythonSkip = regexp.MustCompile(`^\s*(?:#|from\s|import\s|"|')`)
	tsDecl     = regexp.MustCompile(`^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?` +
		`(?:function\*?|class|interface|type|enum|const|let|var)\s+([A-Za-z_$][\w$]*)`)
	tsSkip = regexp.MustCompile(`^\s*(?://|/\*|\*|import\s|import\{|export\s*\{|export\s*\*)`)
	ident  = regexp.MustCompile(`[A-Za-z_$][\w$]*`)
)

// minUseBytes: shorter names are too common to be told apart by spelling.
const minUseBytes = 4

func newRegexFinder(set Set) (*regexFinder, error) {
	files, err := set.files()
	if err != nil {
		return nil, err
	}
	r := &regexFinder{set: set, files: files, decls: map[string]*Decl{}, declares: map[string]map[string]bool{},
		texts: map[string]string{}, skip: tsSkip}
	declRe := tsDecl
	if set.Language == "python" {
		declRe, r.skip = pythonDecl, pythonSkip
	}
	for _, rel := range files {
		src, err := os.ReadFile(filepath.Join(set.Root, filepath.FromSlash(rel)))
		if err != nil {
			return nil, err
		}
		r.texts[rel] = string(src)
		r.declares[rel] = map[string]bool{}
		for i, line := range strings.Split(string(src), "\n") {
			m := declRe.FindStringSubmatch(line)
			if m == nil || r.declares[rel][m[1]] {
				continue // overloads declare a name again in one file
			}
			r.declares[rel][m[1]] = true
			if _, seen := r.decls[m[1]]; seen {
				r.decls[m[1]] = nil
				continue
			}
			r.decls[m[1]] = &Decl{Name: m[1], Path: rel, Line: i + 1, Text: strings.TrimSpace(line)}
		}
	}
	return r, nil
}

func (r *regexFinder) siblings(rel string) []string { return dirSiblings(r.files, rel) }

func (r *regexFinder) uses(rel string) ([]use, error) {
	var out []use
	for i, line := range strings.Split(r.texts[rel], "\n") {
		if r.skip.MatchString(line) || strings.TrimSpace(line) == "" {
			continue
		}
		for _, name := range ident.FindAllString(line, -1) {
			d := r.decls[name]
			if len(name) < minUseBytes || d == nil || d.Path == rel || r.declares[rel][name] {
				continue
			}
			out = append(out, use{line: i + 1, decl: *d})
			break
		}
	}
	return out, nil
}
