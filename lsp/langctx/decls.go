package langctx

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/complete"
)

// A Go package's names are declared at the top level of its files, each
// on a line of its own that gofmt starts at the first column: "func Name",
// "type Name", "var Name", "const Name", or a line indented once in a
// parenthesized group of these. Reading those lines finds where the
// package the document is in, or one it imports, declares a name, with no
// server at all: what gopls answers after loading the package, which on a
// package of hundreds of files takes seconds, and never for a file its
// build leaves out.

// declPos is where a file declares a name: its line and the byte column
// of the name, from 0; for a variable, typ is the type its declaration
// names, if a named one ("T" of "var v *T", "q.T" of "var v []q.T").
type declPos struct {
	line, col int
	typ       string
}

// fileDecls is what a Go file declares at its top level, as read at a
// stamp, by name: its functions, types, variables and constants (not its
// methods nor fields, which a name alone does not tell apart).
type fileDecls struct {
	stamp stamp
	names map[string][]declPos
}

// goTopDecls returns where text, a Go file, declares its package-level
// names.
func goTopDecls(text string) map[string][]declPos {
	out := map[string][]declPos{}
	// add records the names of a declaration of kind kw ("func", "type",
	// "var", "const") in line s from col.
	add := func(line int, s string, col int, kw string) {
		var at []declPos
		var names []string
		for col < len(s) && isIdentStart(s, col) {
			end := identEnd(s, col)
			at, names = append(at, declPos{line: line, col: col}), append(names, s[col:end])
			col = end
			if kw == "func" || kw == "type" || !strings.HasPrefix(s[col:], ", ") {
				break
			}
			col += 2
		}
		typ := ""
		if kw == "var" {
			typ = namedType(s[col:])
		}
		for i, name := range names {
			if name != "_" && name != "init" {
				at[i].typ = typ
				out[name] = append(out[name], at[i])
			}
		}
	}
	group := ""
	for line, start := 0, 0; start < len(text); line++ {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text) - start
		}
		s := text[start : start+end]
		start += end + 1
		if group != "" {
			if strings.HasPrefix(s, ")") {
				group = ""
			} else if len(s) > 1 && s[0] == '\t' {
				add(line, s, 1, group)
			}
			continue
		}
		kw, rest, ok := strings.Cut(s, " ")
		switch {
		case !ok:
		case kw == "func" && !strings.HasPrefix(rest, "("):
			add(line, s, len("func "), kw)
		case kw == "type" || kw == "var" || kw == "const":
			if strings.HasPrefix(rest, "(") {
				group = kw
				continue
			}
			add(line, s, len(kw)+1, kw)
		}
	}
	return out
}

// namedType returns the named type that starts s, the rest of a variable's
// declaration after its names, past pointers and slices; "" when s gives
// no type or one of another kind.
func namedType(s string) string {
	s = strings.TrimLeft(s, " \t")
	for {
		t := strings.TrimPrefix(strings.TrimPrefix(s, "*"), "[]")
		if t == s {
			break
		}
		s = t
	}
	if s == "" || !isIdentStart(s, 0) {
		return ""
	}
	end := identEnd(s, 0)
	if end+1 < len(s) && s[end] == '.' && isIdentStart(s, end+1) {
		end = identEnd(s, end+1)
	}
	return s[:end]
}

// declsOf returns what the Go file at path declares, read again only when
// its stamp changed; false for a file that may not be read.
func (m *Manager) declsOf(path string) (fileDecls, bool) {
	display, ok := m.scope.display(path)
	if !ok || m.cfg.Private.Excluded(display) || m.cfg.Private.Excluded(path) {
		return fileDecls{}, false
	}
	if d, open := m.openByPath(path); open {
		return fileDecls{stamp: stamp{gen: d.gen}, names: goTopDecls(d.text)}, true
	}
	st, ok := diskStamp(path)
	if !ok || st.size > maxSiblingBytes {
		return fileDecls{}, false
	}
	if fd, ok := m.fileDecls.Get(path); ok && fd.stamp == st {
		return fd, true
	}
	text, _, st, ok := m.read(path)
	if !ok {
		return fileDecls{}, false
	}
	fd := fileDecls{stamp: st, names: goTopDecls(text)}
	m.fileDecls.Add(path, fd)
	return fd, true
}

// pkgDecl is a declaration of a package: the file and where in it.
type pkgDecl struct {
	path string
	at   declPos
}

// pkgDecls returns, by name, the declarations of the Go files of dir (its
// tests too when tests is set), at most maxSiblings files.
func (m *Manager) pkgDecls(dir string, tests bool) map[string][]pkgDecl {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	out := map[string][]pkgDecl{}
	files := 0
	for _, de := range entries {
		p := filepath.Join(dir, de.Name())
		if de.IsDir() || !strings.HasSuffix(p, ".go") || !tests && isTestFile(p) {
			continue
		}
		if files++; files > maxSiblings {
			break
		}
		fd, ok := m.declsOf(p)
		if !ok {
			continue
		}
		for name, at := range fd.names {
			for _, a := range at {
				out[name] = append(out[name], pkgDecl{p, a})
			}
		}
	}
	return out
}

// maxLexical bounds the declarations of one name shown from a lexical
// answer: a name declared once per platform (getdirent in
// dirent_linux.go and dirent_darwin.go) shows both; more is left to the
// server, which knows which the build takes.
const maxLexical = 2

// resolveLexically answers, for a Go document, the identifiers wanted for
// req that have no answer yet and that a package declares at its top
// level: a bare name, by the files of the document's directory (its
// package), and a member of an import, by the files of the imported
// package; a variable of a named type of its package, used in the
// document, brings that type's declaration too, as the server's type
// definition would. A bare name the document also declares inside a
// function is left to the server, which knows which declaration a use
// means. Such an answer is the server's, sooner: the server is not asked
// about it. A name the document itself declares at its top level is
// answered as having nothing to show, as the server's answer would be.
// With no server (final), so is every name the files do not declare, for
// negativeTTL: nothing else will answer it, and a name left unanswered
// would have each keystroke read the directories again.
func (m *Manager) resolveLexically(req complete.Request, final bool) {
	docPath := uriPath(req.URI)
	if !ReadsDeclarations(req.Language) || docPath == "" {
		return
	}
	lx := &lexical{m: m, req: req, docPath: docPath, dir: filepath.Dir(docPath), imports: map[string]string{},
		own: goTopDecls(req.Text), locals: goLocals(req.Text), pkgs: map[string]map[string][]pkgDecl{}}
	for _, im := range m.dirUsed(req.URI).imports {
		lx.imports[im.name] = im.path
	}
	now := m.cfg.Now()
	for _, id := range m.wanted(req) {
		key := id.key(req.URI)
		if _, ok := m.cache.answer(key, now); ok {
			continue
		}
		a, ok := lx.answer(id, now)
		if !ok && final {
			a, ok = answer{expires: now.Add(negativeTTL)}, true
		}
		if ok {
			m.cache.answers.Add(key, a)
		}
	}
}

// lexical is what resolveLexically knows of one request.
type lexical struct {
	m            *Manager
	req          complete.Request
	docPath, dir string
	imports      map[string]string               // import paths by name
	own          map[string][]declPos            // the document's top-level names
	locals       map[string]bool                 // the names its functions declare
	pkgs         map[string]map[string][]pkgDecl // by directory, read once
}

// answer returns the answer the files give for id; false when they give
// none.
func (lx *lexical) answer(id ident, now time.Time) (answer, bool) {
	in := lx.dir
	switch {
	case id.qual != "":
		p, ok := lx.imports[id.qual]
		if !ok || !token.IsExported(id.name) {
			return answer{}, false
		}
		if in, ok = lx.m.goPackageDir(lx.dir, p); !ok {
			return answer{}, false
		}
	case id.at != nil && filepath.Dir(uriPath(id.at.uri)) != lx.dir:
		return answer{}, false
	case len(lx.own[id.name]) > 0:
		return answer{expires: now.Add(negativeTTL)}, true
	case id.at == nil && lx.locals[id.name]:
		return answer{}, false // which of its declarations the use means is the server's to say
	}
	decls := lx.declsIn(in)[id.name]
	locs := lx.m.lexicalLocs(id.name, decls, lx.docPath, lx.req.URI)
	for _, d := range decls {
		if typ := d.at.typ; len(locs) > 0 && id.at == nil && typ != "" && !strings.Contains(typ, ".") {
			locs = append(locs, lx.m.lexicalLocs(typ, lx.declsIn(in)[typ], lx.docPath, lx.req.URI)...)
		}
	}
	return answer{locs: locs}, len(locs) > 0
}

// declsIn returns the declarations of the package in directory d.
func (lx *lexical) declsIn(d string) map[string][]pkgDecl {
	if _, ok := lx.pkgs[d]; !ok {
		lx.pkgs[d] = lx.m.pkgDecls(d, isTestFile(lx.docPath) && d == lx.dir)
	}
	return lx.pkgs[d]
}

// lexicalLocs turns the declarations of name into the locations of their
// snippets (the name's range as a server gives it, for a line that starts
// with ASCII), none when there are more than maxLexical or one is in
// the document itself.
func (m *Manager) lexicalLocs(name string, decls []pkgDecl, docPath, docURI string) []loc {
	if len(decls) > maxLexical {
		return nil
	}
	var out []loc
	for _, d := range decls {
		if d.path == docPath {
			return nil
		}
		line, col := uint32(d.at.line), uint32(d.at.col)
		pl := protocol.Location{URI: uri.File(d.path),
			Range: protocol.Range{Start: protocol.Position{Line: line, Character: col}, End: protocol.Position{Line: line, Character: col + uint32(utf16Len(name))}}}
		if l, ok := m.snippetAt(pl, docURI); ok {
			out = append(out, l)
		}
	}
	return out
}

// goLocals returns the names text, a Go file, declares inside its
// functions: receivers, parameters and results, variables, constants,
// types and labels. What does not parse is left out.
func goLocals(text string) map[string]bool {
	f, _ := parser.ParseFile(token.NewFileSet(), "", text, parser.SkipObjectResolution)
	out := map[string]bool{}
	if f == nil {
		return out
	}
	names := func(ids ...*ast.Ident) {
		for _, id := range ids {
			if id != nil {
				out[id.Name] = true
			}
		}
	}
	fields := func(lists ...*ast.FieldList) {
		for _, l := range lists {
			if l != nil {
				for _, f := range l.List {
					names(f.Names...)
				}
			}
		}
	}
	exprs := func(es ...ast.Expr) {
		for _, e := range es {
			if id, ok := e.(*ast.Ident); ok {
				names(id)
			}
		}
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		fields(fd.Recv)
		ast.Inspect(fd, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncType:
				fields(x.TypeParams, x.Params, x.Results)
			case *ast.AssignStmt:
				if x.Tok == token.DEFINE {
					exprs(x.Lhs...)
				}
			case *ast.RangeStmt:
				if x.Tok == token.DEFINE {
					exprs(x.Key, x.Value)
				}
			case *ast.ValueSpec:
				names(x.Names...)
			case *ast.TypeSpec:
				names(x.Name)
			case *ast.LabeledStmt:
				names(x.Label)
			}
			return true
		})
	}
	return out
}
