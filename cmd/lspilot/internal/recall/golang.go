package recall

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// goFinder finds, with go/parser, the uses in a Go file of what other files
// of its package declare, and of what the packages it imports from the same
// tree (the standard library, for GOROOT/src) export.
//
// Without type checking, names are resolved by spelling: a name counts
// when exactly one file of the package declares it at package level (a
// method or a field counts when exactly one declares a method or field of
// that name) and the file using it declares no variable, parameter or
// other name spelled the same.
type goFinder struct {
	set  Set
	fset *token.FileSet
	pkgs map[string]*goPkg // by directory relative to the root
}

// goPkg is what the files of one directory declare.
type goPkg struct {
	files   map[string]*ast.File // by path relative to the root
	decls   map[string]*Decl     // package-level names; nil when ambiguous
	members map[string]*Decl     // methods and fields; nil when ambiguous
}

func newGoFinder(set Set) *goFinder {
	return &goFinder{set: set, fset: token.NewFileSet(), pkgs: map[string]*goPkg{}}
}

func (g *goFinder) siblings(rel string) []string {
	var out []string
	for f := range g.pkg(path.Dir(rel)).files {
		if f != rel {
			out = append(out, f)
		}
	}
	return sorted(out)
}

func (g *goFinder) uses(rel string) ([]use, error) {
	pkg := g.pkg(path.Dir(rel))
	f := pkg.files[rel]
	if f == nil || ast.IsGenerated(f) {
		return nil, nil // no one writes generated code by hand
	}
	imports := map[string]string{} // local name to import path
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := path.Base(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		imports[name] = p
	}
	declared := declaredNames(f)
	byLine := map[int]Decl{}
	add := func(pos token.Pos, d *Decl) {
		line := g.fset.Position(pos).Line
		if _, ok := byLine[line]; !ok && d != nil && d.Path != rel {
			byLine[line] = *d
		}
	}
	skip := map[*ast.Ident]bool{f.Name: true} // the package clause names no declaration
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.ImportSpec:
			return false
		case *ast.SelectorExpr:
			skip[x.Sel] = true
			if id, ok := x.X.(*ast.Ident); ok && !declared[id.Name] {
				if p, ok := imports[id.Name]; ok {
					add(x.Sel.Pos(), g.pkg(p).decls[x.Sel.Name])
					return false
				}
			}
			add(x.Sel.Pos(), pkg.members[x.Sel.Name])
		case *ast.KeyValueExpr:
			if id, ok := x.Key.(*ast.Ident); ok {
				skip[id] = true
				add(id.Pos(), pkg.members[id.Name])
			}
		case *ast.Ident:
			if !skip[x] && !declared[x.Name] {
				add(x.Pos(), pkg.decls[x.Name])
			}
		}
		return true
	})
	var out []use
	for line, d := range byLine {
		out = append(out, use{line: line, decl: d})
	}
	sortUses(out)
	return out, nil
}

// pkg parses the non-test files of a directory once.
func (g *goFinder) pkg(dir string) *goPkg {
	if p, ok := g.pkgs[dir]; ok {
		return p
	}
	p := &goPkg{files: map[string]*ast.File{}, decls: map[string]*Decl{}, members: map[string]*Decl{}}
	g.pkgs[dir] = p
	entries, _ := os.ReadDir(filepath.Join(g.set.Root, filepath.FromSlash(dir)))
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || testFile(name) {
			continue
		}
		rel := path.Join(dir, name)
		src, err := os.ReadFile(filepath.Join(g.set.Root, filepath.FromSlash(rel)))
		if err != nil || len(src) > maxFileBytes {
			continue
		}
		if strings.Contains(string(src), "//go:build ignore") {
			continue // a generator, of another package
		}
		f, err := parser.ParseFile(g.fset, rel, src, parser.SkipObjectResolution|parser.ParseComments)
		if err != nil {
			continue
		}
		p.files[rel] = f
		p.collect(g.fset, rel, f, string(src))
	}
	return p
}

// collect records the declarations of file rel.
func (p *goPkg) collect(fset *token.FileSet, rel string, f *ast.File, src string) {
	decl := func(into map[string]*Decl, id *ast.Ident) {
		if id == nil || id.Name == "_" {
			return
		}
		if _, seen := into[id.Name]; seen {
			into[id.Name] = nil // declared twice: ambiguous
			return
		}
		line := fset.Position(id.Pos()).Line
		start, end, _ := lineSpan(src, line)
		into[id.Name] = &Decl{Name: id.Name, Path: rel, Line: line, Text: strings.TrimSpace(src[start:end])}
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				decl(p.decls, d.Name)
			} else {
				decl(p.members, d.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					decl(p.decls, s.Name)
					for _, m := range typeMembers(s.Type) {
						decl(p.members, m)
					}
				case *ast.ValueSpec:
					for _, id := range s.Names {
						decl(p.decls, id)
					}
				}
			}
		}
	}
}

// typeMembers returns the names of a struct's fields or an interface's
// methods.
func typeMembers(t ast.Expr) []*ast.Ident {
	var fields *ast.FieldList
	switch t := t.(type) {
	case *ast.StructType:
		fields = t.Fields
	case *ast.InterfaceType:
		fields = t.Methods
	default:
		return nil
	}
	var out []*ast.Ident
	for _, f := range fields.List {
		out = append(out, f.Names...)
	}
	return out
}

// declaredNames returns every name f declares anywhere: functions, types,
// variables, constants, parameters, fields, labels.
func declaredNames(f *ast.File) map[string]bool {
	out := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			out[x.Name.Name] = true
		case *ast.Field:
			for _, id := range x.Names {
				out[id.Name] = true
			}
		case *ast.TypeSpec:
			out[x.Name.Name] = true
		case *ast.ValueSpec:
			for _, id := range x.Names {
				out[id.Name] = true
			}
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE {
				for _, e := range x.Lhs {
					if id, ok := e.(*ast.Ident); ok {
						out[id.Name] = true
					}
				}
			}
		case *ast.RangeStmt:
			if x.Tok == token.DEFINE {
				for _, e := range []ast.Expr{x.Key, x.Value} {
					if id, ok := e.(*ast.Ident); ok {
						out[id.Name] = true
					}
				}
			}
		case *ast.LabeledStmt:
			out[x.Label.Name] = true
		}
		return true
	})
	return out
}
