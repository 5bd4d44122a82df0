package benchmark

import (
	"cmp"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"unicode"
)

// The kinds of edit traces: a change made once by hand that other places
// of the file then need too.
const (
	// kindRename renames a parameter; its uses follow.
	kindRename = "rename"
	// kindSignature adds a parameter to a function; its calls pass it.
	kindSignature = "signature"
	// kindField adds a field to a struct; its keyed literals set it.
	kindField = "field"
)

// editKinds lists the kinds in the order editors take them.
var editKinds = []string{kindRename, kindSignature, kindField}

// maxSteps bounds the places one edit trace changes.
const maxSteps = 8

// editTrace is a change repeated across a document: the user makes its
// first step by hand, then moves to the next places that need the same
// edit, in order.
type editTrace struct {
	Path, Language, Kind string
	// States are the document before any step and after each: States[k]
	// is the text once the first k steps are made.
	States []string
	// Steps are the edits; Steps[k] applies to States[k].
	Steps []step
}

// step replaces [Start, End) of a document with New.
type step struct {
	Start, End int
	New        string
}

// apply returns text with s made.
func (s step) apply(text string) string { return text[:s.Start] + s.New + text[s.End:] }

// site is a step in the coordinates of the original document.
type site = step

// newEditTrace orders the sites (the first one by hand, the others by
// position), moves them into the coordinates of the states they apply to
// and computes the states. Sites must not overlap.
func newEditTrace(path, kind, src string, first site, rest []site) *editTrace {
	rest = slices.Clone(rest)
	slices.SortFunc(rest, func(a, b site) int { return cmp.Compare(a.Start, b.Start) })
	if len(rest) > maxSteps-1 {
		rest = rest[:maxSteps-1]
	}
	sites := append([]site{first}, rest...)
	tr := &editTrace{Path: path, Language: "go", Kind: kind, States: []string{src}}
	for i, s := range sites {
		shift := 0
		for _, before := range sites[:i] {
			if before.Start < s.Start {
				shift += len(before.New) - (before.End - before.Start)
			}
		}
		st := step{Start: s.Start + shift, End: s.End + shift, New: s.New}
		tr.Steps = append(tr.Steps, st)
		tr.States = append(tr.States, st.apply(tr.States[i]))
	}
	return tr
}

// Final is the document once every step is made.
func (tr *editTrace) Final() string { return tr.States[len(tr.States)-1] }

// synthesizeEdit makes an edit trace of kind from the Go source src: the
// choice among the candidates the file offers depends on pick. It returns
// nil when the file offers none.
func synthesizeEdit(path, kind, src string, pick uint64) *editTrace {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return nil
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	var cands []*editTrace
	switch kind {
	case kindRename:
		cands = renames(path, src, f, off)
	case kindSignature:
		cands = signatures(path, src, f, off)
	case kindField:
		cands = fields(path, src, f, off)
	}
	if len(cands) == 0 {
		return nil
	}
	return cands[pick%uint64(len(cands))]
}

// renames are the parameters used twice or more in their function's body,
// each renamed to a name the function does not use.
func renames(path, src string, f *ast.File, off func(token.Pos) int) []*editTrace {
	var out []*editTrace
	for _, fd := range funcs(f) {
		used := identNames(fd)
		for _, field := range fd.Type.Params.List {
			for _, name := range field.Names {
				if name.Name == "_" || name.Obj == nil {
					continue
				}
				var uses []site
				to := renamed(name.Name, used)
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok && id.Obj == name.Obj {
						uses = append(uses, site{Start: off(id.Pos()), End: off(id.End()), New: to})
					}
					return true
				})
				if len(uses) < 2 || to == "" {
					continue
				}
				first := site{Start: off(name.Pos()), End: off(name.End()), New: to}
				out = append(out, newEditTrace(path, kindRename, src, first, uses))
			}
		}
	}
	return out
}

// longer spells out the short names code gives parameters.
var longer = map[string]string{
	"b": "buf", "r": "rd", "w": "wr", "s": "str", "n": "count", "i": "idx", "p": "ptr", "c": "ch",
	"x": "val", "t": "typ", "f": "fn", "v": "value", "e": "elem", "d": "dst", "m": "mod", "k": "key",
}

// renamed returns the name a parameter called name gets, "" when the
// candidates are taken in the function.
func renamed(name string, used map[string]bool) string {
	for _, to := range []string{longer[name], name + "Arg", "new" + capitalize(name)} {
		if to != "" && !used[to] {
			return to
		}
	}
	return ""
}

// parameter is what a signature change adds: the parameter and the value
// calls pass.
type parameter struct{ name, typ, arg string }

var parameters = []parameter{{"verbose", "bool", "false"}, {"limit", "int", "-1"}, {"label", "string", `""`}}

// signatures are the functions (not methods) called in their own file,
// each given a parameter at the end that its calls pass.
func signatures(path, src string, f *ast.File, off func(token.Pos) int) []*editTrace {
	var out []*editTrace
	for _, fd := range funcs(f) {
		params := fd.Type.Params
		if fd.Recv != nil || fd.Name.Obj == nil || variadic(params) || trailingComma(src, off(params.Closing)) {
			continue
		}
		used := identNames(fd)
		p, ok := freeParameter(used)
		if !ok {
			continue
		}
		var calls []site
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); ok && id.Obj == fd.Name.Obj {
				end := off(call.Rparen)
				if call.Ellipsis.IsValid() || trailingComma(src, end) {
					calls = nil
					return false
				}
				calls = append(calls, site{Start: end, End: end, New: listed(len(call.Args) > 0, p.arg)})
			}
			return true
		})
		if len(calls) == 0 {
			continue
		}
		end := off(params.Closing)
		first := site{Start: end, End: end, New: listed(params.NumFields() > 0, p.name+" "+p.typ)}
		out = append(out, newEditTrace(path, kindSignature, src, first, calls))
	}
	return out
}

// freeParameter returns a parameter whose name the function does not use.
func freeParameter(used map[string]bool) (parameter, bool) {
	for _, p := range parameters {
		if !used[p.name] {
			return p, true
		}
	}
	return parameter{}, false
}

// listed is item appended to a list: after a comma when the list has items.
func listed(more bool, item string) string {
	if more {
		return ", " + item
	}
	return item
}

// variadic reports whether a parameter list ends with ...T.
func variadic(params *ast.FieldList) bool {
	if n := len(params.List); n > 0 {
		_, ok := params.List[n-1].Type.(*ast.Ellipsis)
		return ok
	}
	return false
}

// trailingComma reports whether the closing bracket at end follows a comma.
func trailingComma(src string, end int) bool {
	before := strings.TrimRight(src[:end], " \t\n")
	return strings.HasSuffix(before, ",")
}

// fields are the struct types with keyed literals in their file, each
// given a field that the literals then set.
func fields(path, src string, f *ast.File, off func(token.Pos) int) []*editTrace {
	var out []*editTrace
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			st, ok := ts.Type.(*ast.StructType)
			if !ok || len(st.Fields.List) == 0 || ts.TypeParams != nil {
				continue
			}
			first, p, ok := newField(src, st, off)
			if !ok {
				continue
			}
			if lits := literals(src, f, ts, p, off); len(lits) > 0 {
				out = append(out, newEditTrace(path, kindField, src, first, lits))
			}
		}
	}
	return out
}

// newField returns the line that adds a field to st, before its closing
// brace, and the field, false when the struct has no line of its own for
// its closing brace or the names are taken.
func newField(src string, st *ast.StructType, off func(token.Pos) int) (site, parameter, bool) {
	closing := off(st.Fields.Closing)
	lineStart := strings.LastIndexByte(src[:closing], '\n') + 1
	if strings.TrimSpace(src[lineStart:closing]) != "" {
		return site{}, parameter{}, false
	}
	taken := map[string]bool{}
	exported := false
	for i, fl := range st.Fields.List {
		for _, n := range fl.Names {
			taken[strings.ToLower(n.Name)] = true
			if i == 0 {
				exported = n.IsExported()
			}
		}
	}
	p, ok := freeParameter(taken)
	if !ok {
		return site{}, parameter{}, false
	}
	if exported {
		p.name = capitalize(p.name)
	}
	last := st.Fields.List[len(st.Fields.List)-1]
	indent := indentOf(src, off(last.Pos()))
	return site{Start: lineStart, End: lineStart, New: indent + p.name + " " + p.typ + "\n"}, p, true
}

// literals are the keyed (or empty) composite literals of ts in f, each
// given the field p: a line of its own in a literal written on several
// lines, else an element before the closing brace.
func literals(src string, f *ast.File, ts *ast.TypeSpec, p parameter, off func(token.Pos) int) []site {
	var out []site
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		if id, ok := lit.Type.(*ast.Ident); !ok || id.Obj == nil || id.Obj.Decl != ts || !keyed(lit) {
			return true
		}
		closing := off(lit.Rbrace)
		lineStart := strings.LastIndexByte(src[:closing], '\n') + 1
		elem := p.name + ": " + p.arg
		switch {
		case lineStart > off(lit.Lbrace) && strings.TrimSpace(src[lineStart:closing]) == "" && len(lit.Elts) > 0:
			indent := indentOf(src, off(lit.Elts[len(lit.Elts)-1].Pos()))
			out = append(out, site{Start: lineStart, End: lineStart, New: indent + elem + ",\n"})
		case lineStart > off(lit.Lbrace):
			// A closing brace after an element on its line, or an empty
			// literal over lines: rare, and left alone.
		case trailingComma(src, closing):
			out = append(out, site{Start: closing, End: closing, New: " " + elem})
		default:
			out = append(out, site{Start: closing, End: closing, New: listed(len(lit.Elts) > 0, elem)})
		}
		return true
	})
	return out
}

// keyed reports whether every element of lit names its field.
func keyed(lit *ast.CompositeLit) bool {
	for _, e := range lit.Elts {
		if _, ok := e.(*ast.KeyValueExpr); !ok {
			return false
		}
	}
	return true
}

// funcs returns the functions of f that have a body.
func funcs(f *ast.File) []*ast.FuncDecl {
	var out []*ast.FuncDecl
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
			out = append(out, fd)
		}
	}
	return out
}

// identNames returns the identifiers a node spells.
func identNames(n ast.Node) map[string]bool {
	out := map[string]bool{}
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			out[id.Name] = true
		}
		return true
	})
	return out
}

// indentOf returns the indentation of the line holding offset at.
func indentOf(src string, at int) string {
	start := strings.LastIndexByte(src[:at], '\n') + 1
	line := src[start:]
	return line[:len(line)-len(strings.TrimLeft(line, " \t"))]
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
