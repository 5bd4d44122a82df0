package helix_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// helixCapabilities are the parts of Helix's client capabilities that
// lspilot reads: Helix prefers UTF-8 positions.
var helixCapabilities = map[string]any{
	"general": map[string]any{"positionEncodings": []string{"utf-8", "utf-32", "utf-16"}},
	"window":  map[string]any{"workDoneProgress": true},
	"textDocument": map[string]any{
		"completion": map[string]any{"completionItem": map[string]any{"snippetSupport": true}},
		"codeAction": map[string]any{"codeActionLiteralSupport": map[string]any{
			"codeActionKind": map[string]any{"valueSet": []string{"", "quickfix", "refactor", "source"}},
		}},
		"hover": map[string]any{"contentFormat": []string{"markdown"}},
	},
	"workspace": map[string]any{"configuration": true, "executeCommand": map[string]any{}},
}

// TestSession starts lspilot with the file's command line (minus --remote)
// and runs the session Helix opens: initialize with the file's config as
// initializationOptions (its backend pointed at a real Ollama), the same
// config as didChangeConfiguration, a document edited with UTF-8 positions,
// shutdown and exit.
func TestSession(t *testing.T) {
	c, err := load(configFile)
	if err != nil {
		t.Fatal(err)
	}
	server := c.LanguageServer["lspilot"]
	srv := startOllama(t)
	backend := server.Config["backends"].([]map[string]any)[0]
	backend["url"], backend["model"] = srv.URL, srv.FIMModel
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	bin := filepath.Join(dir, server.Command)
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "../../cmd/lspilot").CombinedOutput(); err != nil {
		t.Fatalf("build lspilot: %v\n%s", err, out)
	}

	cmd := exec.CommandContext(ctx, bin, stdioArgs(server.Args)...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	defer cmd.Process.Kill() // after a failure; a clean exit was waited for

	cl := newClient(stdin, stdout)
	if err := session(t, cl, dir, server.Config); err != nil {
		t.Fatalf("%v\nstderr:\n%s", err, stderr.String())
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("lspilot exit: %v\nstderr:\n%s", err, stderr.String())
	}
	for _, n := range cl.notes {
		if n.Method == "window/showMessage" && bytes.Contains(n.Params, []byte(`"type":1`)) {
			t.Errorf("lspilot showed an error: %s", n.Params)
		}
	}
}

// docState is the part of lspilot.documentState's result the test compares.
type docState struct {
	Version int    `json:"version"`
	SHA256  string `json:"sha256"`
}

// session runs the exchange on cl; it fails t on wrong answers and returns
// transport errors.
func session(t *testing.T, cl *client, dir string, config map[string]any) error {
	root := "file://" + dir
	var init struct {
		Capabilities struct {
			PositionEncoding string `json:"positionEncoding"`
			TextDocumentSync struct {
				Change int `json:"change"`
			} `json:"textDocumentSync"`
		} `json:"capabilities"`
		ServerInfo struct {
			Name string `json:"name"`
		} `json:"serverInfo"`
	}
	err := cl.call("initialize", map[string]any{
		"processId": nil, "clientInfo": map[string]any{"name": "helix", "version": "25.07.1"},
		"rootUri": root, "rootPath": dir, "workspaceFolders": []any{map[string]any{"uri": root, "name": "work"}},
		"capabilities": helixCapabilities, "initializationOptions": config,
	}, &init)
	if err != nil {
		return err
	}
	if init.Capabilities.PositionEncoding != "utf-8" || init.Capabilities.TextDocumentSync.Change != 2 || init.ServerInfo.Name != "lspilot" {
		t.Errorf("initialize: got %+v, want lspilot with utf-8 positions and incremental sync", init)
	}
	if err := cl.notify("initialized", map[string]any{}); err != nil {
		return err
	}
	if err := cl.notify("workspace/didChangeConfiguration", map[string]any{"settings": config}); err != nil {
		return err
	}

	uri := root + "/main.rs"
	text := "fn main() {\n    let s = \"é\";\n}\n"
	if err := cl.notify("textDocument/didOpen", map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": "rust", "version": 0, "text": text},
	}); err != nil {
		return err
	}
	// After é, which is two bytes: UTF-8 column 15 on line 1.
	if err := cl.notify("textDocument/didChange", map[string]any{
		"textDocument": map[string]any{"uri": uri, "version": 1},
		"contentChanges": []any{map[string]any{
			"range": map[string]any{"start": map[string]any{"line": 1, "character": 15}, "end": map[string]any{"line": 1, "character": 15}},
			"text":  "🎉",
		}},
	}); err != nil {
		return err
	}
	want := "fn main() {\n    let s = \"é🎉\";\n}\n"
	var state docState
	if err := cl.call("workspace/executeCommand", map[string]any{
		"command": "lspilot.documentState", "arguments": []string{uri},
	}, &state); err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(want))
	if diff := cmp.Diff(docState{Version: 1, SHA256: hex.EncodeToString(sum[:])}, state); diff != "" {
		t.Errorf("document state after a UTF-8 edit (-want +got):\n%s", diff)
	}

	var shutdown json.RawMessage
	if err := cl.call("shutdown", nil, &shutdown); err != nil {
		return err
	}
	return cl.notify("exit", nil)
}
