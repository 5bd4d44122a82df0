package langctx

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/prompt"
)

// lookupFixture is a Manager without servers whose cache the test fills,
// over a root holding lib.go.
type lookupFixture struct {
	m    *Manager
	root string
	now  time.Time
}

const libGo = `package lib

// Alpha is first.
func Alpha() int { return 1 }

// Beta is second.
func Beta() int { return 2 }

// Gamma is third, and long.
func Gamma() string {
	return "` + "gamma gamma gamma gamma gamma gamma gamma gamma" + `"
}
`

func newLookupFixture(t *testing.T, maxBytes int) *lookupFixture {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "lib.go"), []byte(libGo), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, ".env"), []byte("SECRET=1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := &lookupFixture{root: root, now: time.Unix(1000, 0)}
	f.m = New(Config{Root: root, MaxBytes: maxBytes, Now: func() time.Time { return f.now },
		LookPath: func(string) (string, error) { return "", errors.New("none") }})
	t.Cleanup(f.m.Shutdown)
	return f
}

// answer makes name resolve to the declarations on lines of lib.go.
func (f *lookupFixture) answer(t *testing.T, from, name string, lines ...uint32) {
	t.Helper()
	var locs []loc
	for _, line := range lines {
		l, ok := f.m.snippetAt(protocol.Location{URI: uri.File(filepath.Join(f.root, "lib.go")), Range: protocol.Range{Start: protocol.Position{Line: line}}}, from)
		if !ok {
			t.Fatalf("no snippet at line %d", line)
		}
		locs = append(locs, l)
	}
	a := answer{locs: locs}
	if len(locs) == 0 {
		a.expires = f.now.Add(negativeTTL)
	}
	f.m.cache.answers.Add(identKey{from, name}, a)
}

func (f *lookupFixture) request(text string) complete.Request {
	u := string(uri.File(filepath.Join(f.root, "main.go")))
	return complete.Request{URI: u, Language: "go", Text: text, Cursor: len(text)}
}

func heads(files []prompt.File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Path+": "+strings.SplitN(f.Text, "\n", 2)[0])
	}
	return out
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name        string
		maxBytes    int
		text        string
		answers     map[string][]uint32
		wantHeads   []string
		wantTexts   []string // when set, the snippets' whole texts
		wantPending bool
	}{
		{name: "the nearest last", text: "x := lib.Beta() + lib.Alpha()", answers: map[string][]uint32{"lib": nil, "x": nil, "lib.Alpha": {3}, "lib.Beta": {6}},
			wantHeads: []string{"lib.go: // Beta is second.", "lib.go: // Alpha is first."}},
		{name: "a member apart from the bare name", text: "Alpha := 1; x := lib.Alpha() + Alpha", answers: map[string][]uint32{"lib": nil, "x": nil, "Alpha": nil, "lib.Alpha": {3}},
			wantHeads: []string{"lib.go: // Alpha is first."}},
		{name: "same location once", text: "Alpha(); Beta()", answers: map[string][]uint32{"Alpha": {3}, "Beta": {3, 6}},
			wantHeads: []string{"lib.go: // Beta is second.", "lib.go: // Alpha is first."}},
		{name: "unresolved is pending", text: "Alpha(); Delta()", answers: map[string][]uint32{"Alpha": {3}},
			wantHeads: []string{"lib.go: // Alpha is first."}, wantPending: true},
		{name: "declaring lines beyond a quarter of the budget", maxBytes: 220, text: "Gamma(); Beta(); Alpha()", answers: map[string][]uint32{"Gamma": {9}, "Beta": {6}, "Alpha": {3}},
			wantTexts: []string{"func Beta() int { return 2 }\nfunc Gamma() string { ... }\n", "// Alpha is first.\nfunc Alpha() int { return 1 }\n"}},
		{name: "budget skips what does not fit", maxBytes: 60, text: "Gamma(); Alpha()", answers: map[string][]uint32{"Gamma": {9}, "Alpha": {3}},
			wantTexts: []string{"func Alpha() int { return 1 }\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newLookupFixture(t, tt.maxBytes)
			req := f.request(tt.text)
			for name, lines := range tt.answers {
				f.answer(t, req.URI, name, lines...)
			}
			files, pending := f.m.lookup(req)
			if tt.wantTexts != nil {
				var texts []string
				for _, f := range files {
					texts = append(texts, f.Text)
				}
				if diff := cmp.Diff(tt.wantTexts, texts); diff != "" {
					t.Errorf("snippets (-want +got):\n%s", diff)
				}
			} else if diff := cmp.Diff(tt.wantHeads, heads(files)); diff != "" {
				t.Errorf("snippets (-want +got):\n%s", diff)
			}
			if pending != tt.wantPending {
				t.Errorf("pending = %v, want %v", pending, tt.wantPending)
			}
		})
	}
}

func TestInvalidation(t *testing.T) {
	tests := []struct {
		name   string
		change func(f *lookupFixture, libURI string)
	}{
		{name: "file changed on disk", change: func(f *lookupFixture, _ string) {
			os.WriteFile(filepath.Join(f.root, "lib.go"), []byte(libGo+"\n// more\n"), 0o644)
			f.now = f.now.Add(stampTTL) // a file on disk is looked at again after stampTTL
		}},
		{name: "defining document opened", change: func(f *lookupFixture, libURI string) {
			f.m.Open(libURI, "go", 1, libGo)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newLookupFixture(t, 0)
			req := f.request("Alpha()")
			f.answer(t, req.URI, "Alpha", 3)
			if files, pending := f.m.lookup(req); len(files) != 1 || pending {
				t.Fatalf("before: %v pending %v", heads(files), pending)
			}
			tt.change(f, string(uri.File(filepath.Join(f.root, "lib.go"))))
			files, pending := f.m.lookup(req)
			if len(files) != 0 || !pending {
				t.Errorf("after: %v pending %v, want nothing and pending", heads(files), pending)
			}
			if _, ok := f.m.cache.answer(identKey{req.URI, "Alpha"}, f.now); ok {
				t.Error("the answer survived its file's change")
			}
		})
	}
}

func TestOpenDocumentEditsInvalidate(t *testing.T) {
	f := newLookupFixture(t, 0)
	libURI := string(uri.File(filepath.Join(f.root, "lib.go")))
	f.m.Open(libURI, "go", 1, libGo)
	req := f.request("Alpha()")
	f.answer(t, req.URI, "Alpha", 3)
	files, _ := f.m.lookup(req)
	if len(files) != 1 {
		t.Fatalf("before: %v", heads(files))
	}
	f.m.Change(libURI, 2, strings.Replace(libGo, "Alpha is first", "Alpha is one", 1))
	if files, pending := f.m.lookup(req); len(files) != 0 || !pending {
		t.Errorf("after didChange: %v pending %v", heads(files), pending)
	}
	f.answer(t, req.URI, "Alpha", 3) // read again, from the open document
	files, _ = f.m.lookup(req)
	if diff := cmp.Diff([]string{"lib.go: // Alpha is one."}, heads(files)); diff != "" {
		t.Errorf("re-read (-want +got):\n%s", diff)
	}
}

func TestNegativeAnswersExpire(t *testing.T) {
	f := newLookupFixture(t, 0)
	req := f.request("local()")
	f.answer(t, req.URI, "local")
	if _, pending := f.m.lookup(req); pending {
		t.Fatal("an empty answer is pending at once")
	}
	f.now = f.now.Add(negativeTTL + time.Second)
	if _, pending := f.m.lookup(req); !pending {
		t.Error("an expired empty answer is not asked again")
	}
}

func TestSnippetAtRefuses(t *testing.T) {
	f := newLookupFixture(t, 0)
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "x.go"), []byte(libGo), 0o644)
	from := string(uri.File(filepath.Join(f.root, "main.go")))
	tests := []struct {
		name string
		path string
	}{
		{"the asking document", filepath.Join(f.root, "main.go")},
		{"outside the root", filepath.Join(outside, "x.go")},
		{"private", filepath.Join(f.root, ".env")},
		{"missing", filepath.Join(f.root, "gone.go")},
		{"a whole module", filepath.Join(f.root, "lib.go")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := protocol.Range{Start: protocol.Position{Line: 3}, End: protocol.Position{Line: 3, Character: 4}}
			if tt.name == "a whole module" {
				r = protocol.Range{}
			}
			if _, ok := f.m.snippetAt(protocol.Location{URI: uri.File(tt.path), Range: r}, from); ok {
				t.Errorf("snippetAt(%s) read it", tt.path)
			}
		})
	}
}

func TestBackoffDelay(t *testing.T) {
	b := Backoff{Min: 100 * time.Millisecond, Max: time.Second}
	tests := []struct {
		n    int
		want time.Duration
	}{
		{1, 100 * time.Millisecond}, {2, 200 * time.Millisecond}, {3, 400 * time.Millisecond},
		{4, 800 * time.Millisecond}, {5, time.Second}, {40, time.Second},
	}
	for _, tt := range tests {
		if got := b.Delay(tt.n); got != tt.want {
			t.Errorf("Delay(%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}

func TestLocations(t *testing.T) {
	tests := []struct {
		name, give string
		want       []string
	}{
		{"null", `null`, nil},
		{"one", `{"uri":"file:///a.go","range":{"start":{"line":3,"character":1},"end":{"line":3,"character":4}}}`, []string{"file:///a.go:3"}},
		{"list", `[{"uri":"file:///a.go","range":{"start":{"line":1,"character":0},"end":{"line":1,"character":0}}},{"uri":"file:///b.go","range":{"start":{"line":2,"character":0},"end":{"line":2,"character":0}}}]`, []string{"file:///a.go:1", "file:///b.go:2"}},
		{"links", `[{"targetUri":"file:///c.ts","targetRange":{"start":{"line":0,"character":0},"end":{"line":9,"character":0}},"targetSelectionRange":{"start":{"line":5,"character":0},"end":{"line":5,"character":3}}}]`, []string{"file:///c.ts:5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, l := range locations([]byte(tt.give)) {
				got = append(got, string(l.URI)+":"+string(rune('0'+l.Range.Start.Line)))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("locations (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStderrTail(t *testing.T) {
	tests := []struct {
		name   string
		writes []string
		want   string
	}{
		{"nothing", nil, "exited: boom"},
		{"last line", []string{"starting\n", "fatal: bad flag\n\n"}, "exited: boom (fatal: bad flag)"},
		{"split writes", []string{"fat", "al: x"}, "exited: boom (fatal: x)"},
		{"long output kept short", []string{strings.Repeat("x", 10000) + "\nend"}, "exited: boom (end)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tail stderrTail
			for _, w := range tt.writes {
				tail.Write([]byte(w))
			}
			if got := tail.explain("exited", errors.New("boom")); got != tt.want {
				t.Errorf("explain = %q, want %q", got, tt.want)
			}
			if len(tail.buf) > stderrKeep {
				t.Errorf("kept %d bytes", len(tail.buf))
			}
		})
	}
}

func TestDirIdents(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"a.go":      "package p\n\nfunc a() { helper(); strings.Contains(\"\", \"\") }\n",
		"b.go":      "package p\n\nfunc b() { helper(); other() }\n",
		"c.go":      "package p\n\nfunc c() { helper() }\n",
		"c_test.go": "package p\n\nfunc TestC(t *testing.T) { other(); other(); other() }\n",
		"self.go":   "package p\n\nfunc self() { onlyHere() }\n",
		".env":      "helper=1\n",
		"x.py":      "helper()\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m := New(Config{Root: root, MaxIdents: 1, LookPath: func(string) (string, error) { return "", errors.New("none") }})
	t.Cleanup(m.Shutdown)
	e := m.dirIdents(m.dirFiles(root, "go"), filepath.Join(root, "self.go"), map[string]bool{"strings": true})
	got, uses := e.used, e.uses
	var names []string
	for _, id := range got {
		names = append(names, id.name)
		if id.at == nil {
			t.Fatalf("%s has no place of use", id.name)
		}
		file := uriPath(id.at.uri)
		text, _ := os.ReadFile(file)
		lines := strings.Split(string(text), "\n")
		p := id.at.position(0)
		if line := lines[p.Line]; !strings.HasPrefix(line[p.Character:], id.name) {
			t.Errorf("%s placed at %s:%d:%d, on %q", id.name, file, p.Line, p.Character, line)
		}
	}
	// helper and the package's name are used by the three files read (not
	// the test file, nor self.go), as often, and sort by name; of the
	// names used by one file, Contains and a sort first. Four times as
	// many as MaxIdents are kept, as candidates; a use of every name is
	// kept by name.
	want := []string{"helper", "p", "Contains", "a"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("dirIdents (-want +got):\n%s", diff)
	}
	var all []string
	for name := range uses {
		all = append(all, name)
	}
	slices.Sort(all)
	if diff := cmp.Diff([]string{"Contains", "a", "b", "c", "helper", "other", "p", "strings"}, all); diff != "" {
		t.Errorf("uses by name (-want +got):\n%s", diff)
	}
	// self.go qualifies strings: the members of strings the others use
	// come, each placed after its qualifier.
	if len(e.qualified) != 1 || e.qualified[0].name != "Contains" || e.qualified[0].at.utf8.Character != len("func a() { helper(); strings.") {
		t.Errorf("qualified = %+v, want Contains after strings.", e.qualified)
	}
}

// TestUsesOfBareFirst: a name a file uses both after a qualifier and bare
// is placed at a bare use, where it means what a bare use in the document
// means; its use as a member is kept apart.
func TestUsesOfBareFirst(t *testing.T) {
	root := t.TempDir()
	path := filepath.Join(root, "d.go")
	text := "package p\n\nfunc d() { n.Func(); Func() }\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	m := New(Config{Root: root, LookPath: func(string) (string, error) { return "", errors.New("none") }})
	t.Cleanup(m.Shutdown)
	fu, ok := m.usesOf(path, "go")
	if !ok {
		t.Fatal("usesOf refused")
	}
	bare, member := strings.LastIndex(text, "Func"), strings.Index(text, "Func")
	if got := fu.first["Func"]; got.qual != "" || got.off != bare {
		t.Errorf("first use of Func = %+v, want the bare one at %d", got, bare)
	}
	if got := fu.quals["n.Func"]; got.off != member {
		t.Errorf("use of n.Func = %+v, want at %d", got, member)
	}
	if fu.count["Func"] != 2 {
		t.Errorf("Func counted %d times, want 2", fu.count["Func"])
	}
}

func TestUnknownAskedElsewhere(t *testing.T) {
	tests := []struct {
		name    string
		text    string // "Alpha()" when empty
		unknown bool
		want    []string
	}{
		// lib.Alpha is asked where sib.go uses lib.Alpha, not where it
		// uses a bare Alpha.
		{name: "a member", text: "lib.Alpha()", unknown: true, want: []string{"lib.go: // Beta is second."}},
		// The server knows no place for Alpha in main.go (its build
		// leaves the file out): where sib.go uses it, it does.
		{name: "unknown", unknown: true, want: []string{"lib.go: // Alpha is first."}},
		// Alpha is a local of main.go: nothing to show, nowhere.
		{name: "nothing to show", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newLookupFixture(t, 0)
			text := tt.text
			if text == "" {
				text = "Alpha()"
			}
			req := f.request(text)
			sib := string(uri.File(filepath.Join(f.root, "sib.go")))
			for _, name := range []string{"Alpha", "lib", "lib.Alpha"} {
				f.m.cache.answers.Add(identKey{req.URI, name}, answer{expires: f.now.Add(unknownTTL), unknown: tt.unknown})
			}
			f.answer(t, sib, "Alpha", 3)
			f.answer(t, sib, "lib.Alpha", 6) // in the fixture's lib.go, where Beta is: told apart
			f.m.dirs.Add(filepath.Join(f.root, "main.go"), dirEntry{at: f.now,
				uses:     map[string]ident{"Alpha": {name: "Alpha", at: &elsewhere{uri: sib}}},
				qualUses: map[string]ident{"lib.Alpha": {name: "Alpha", qual: "lib", at: &elsewhere{uri: sib}}}})
			files, pending := f.m.lookup(req)
			if diff := cmp.Diff(tt.want, heads(files)); diff != "" {
				t.Errorf("snippets (-want +got):\n%s", diff)
			}
			if pending {
				t.Error("pending, with every name answered")
			}
		})
	}
}

// TestDirPerDocument: what a directory uses is counted for each document
// without that document's own file on disk (the editor's text stands for
// it), and a sibling changed on disk is read again at the next count.
func TestDirPerDocument(t *testing.T) {
	root := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.go", "package p\n\nfunc a() { fromA() }\n")
	write("self.go", "package p\n\nfunc self() { fromSelf() }\n")
	now := time.Unix(1000, 0)
	m := New(Config{Root: root, Now: func() time.Time { return now }, LookPath: func(string) (string, error) { return "", errors.New("none") }})
	t.Cleanup(m.Shutdown)
	req := func(name string) complete.Request {
		return complete.Request{URI: string(uri.File(filepath.Join(root, name))), Language: "go"}
	}
	names := func(name string) []string {
		var out []string
		for n := range m.dirUsed(req(name).URI).uses {
			out = append(out, n)
		}
		slices.Sort(out)
		return out
	}
	m.refreshDir(req("self.go"))
	m.refreshDir(req("a.go"))
	if diff := cmp.Diff([]string{"a", "fromA", "p"}, names("self.go")); diff != "" {
		t.Errorf("self.go's directory (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"fromSelf", "p", "self"}, names("a.go")); diff != "" {
		t.Errorf("a.go's directory (-want +got):\n%s", diff)
	}
	write("a.go", "package p\n\nfunc a() { fromA(); added() }\n")
	now = now.Add(dirTTL)
	m.refreshDir(req("self.go"))
	if diff := cmp.Diff([]string{"a", "added", "fromA", "p"}, names("self.go")); diff != "" {
		t.Errorf("after a.go changed (-want +got):\n%s", diff)
	}
}
