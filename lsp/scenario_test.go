package lsp_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/lspilot/lspilot/lsp"
	"github.com/lspilot/lspilot/lsp/lsptest"
)

var update = flag.Bool("update", false, "rewrite golden files of scenarios")

// TestScenarios replays the wire scenarios under testdata/lsp. Each archive's
// comment says what it checks. Its "script" file holds one JSON-RPC message
// per line, sent framed; a line starting with "raw " sends the Go-quoted
// string after it as is, and "await" reads up to the next response (to raw
// input the server answers). After a request the runner reads up to its
// response.
// The session ends with shutdown and exit. Everything the server sent is
// compared with the archive's "want" file, one compact JSON message per line.
func TestScenarios(t *testing.T) {
	runArchives(t, "../testdata/lsp/*.txtar", func(t *testing.T, ar *txtar.Archive) string { return runScenario(t, section(t, ar, "script")) })
}

// runArchives runs each txtar archive matching glob as a subtest: run
// returns the archive's result, compared with its "want" file, which -update
// rewrites instead.
func runArchives(t *testing.T, glob string, run func(*testing.T, *txtar.Archive) string) {
	files, err := filepath.Glob(glob)
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios match %s: %v", glob, err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := run(t, ar)
			if *update {
				setSection(ar, "want", got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if diff := cmp.Diff(string(section(t, ar, "want")), got); diff != "" {
				t.Errorf("result differs (-want +got); rerun with -update if intended:\n%s", diff)
			}
		})
	}
}

func runScenario(t *testing.T, script []byte) string {
	raw := lsptest.NewRaw(t, lsp.Options{})
	var out strings.Builder
	record := func(m lsptest.Message) {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		out.WriteString(normalize(string(b)) + "\n")
	}
	readThrough := func(id string) {
		for {
			m := raw.Read()
			record(m)
			if m.Method == "" && (id == "" || string(m.ID) == id) {
				return
			}
		}
	}
	for _, line := range strings.Split(string(script), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "raw "):
			s, err := strconv.Unquote(strings.TrimPrefix(line, "raw "))
			if err != nil {
				t.Fatalf("bad raw line %q: %v", line, err)
			}
			raw.Send(s)
			continue
		case line == "await":
			readThrough("")
			continue
		}
		raw.Send(lsptest.Frame(line))
		var msg struct {
			ID json.RawMessage `json:"id"`
		}
		if err := json.Unmarshal([]byte(line), &msg); err != nil {
			t.Fatalf("bad script line %q: %v", line, err)
		}
		if len(msg.ID) > 0 {
			readThrough(string(msg.ID))
		}
	}
	raw.Send(lsptest.Frame(`{"jsonrpc":"2.0","id":"end","method":"shutdown"}`))
	readThrough(`"end"`)
	raw.Send(lsptest.Frame(`{"jsonrpc":"2.0","method":"exit"}`))
	if err := raw.Served(); err != nil {
		out.WriteString("serve: " + err.Error() + "\n")
	}
	return out.String()
}

var durationRE = regexp.MustCompile(`in [0-9.]+(ns|µs|ms|s)`)

// normalize replaces what differs between runs.
func normalize(s string) string {
	s = durationRE.ReplaceAllString(s, "in <duration>")
	return strings.ReplaceAll(s, `"version":"`+lsp.Version+`"`, `"version":"<version>"`)
}

func section(t *testing.T, ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	if name == "want" && *update {
		return nil
	}
	t.Fatalf("archive has no %q file", name)
	return nil
}

func setSection(ar *txtar.Archive, name, data string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
}
