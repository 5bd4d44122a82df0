package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/lspilot/lspilot"

// A layer rule says what the packages under a path may not import. Paths
// are relative to the module; "std" names the standard library.
type layerRule struct {
	pkgs string // the package, or all below it with a trailing "/..."
	why  string
	// deny lists forbidden imports (a module path, a path with "/...", or
	// "go.lsp.dev/..."); only, when set, lists the sole imports allowed
	// besides the standard library.
	deny, only []string
}

// layering is the package map of the README's "How it is built" section,
// as rules.
var layering = []layerRule{
	{pkgs: "diffing/lang", why: "pure: the standard library only", only: []string{}},
	{pkgs: "diffing/...", why: "pure functions over text", deny: []string{"inference/...", "lsp/...", "cmd/...", "go.lsp.dev/..."}},
	{pkgs: "inference", why: "the contract: nothing of lspilot", deny: []string{"diffing/...", "inference/...", "lsp/...", "cmd/...", "go.lsp.dev/..."}},
	{pkgs: "inference/...", why: "knows nothing of LSP", deny: []string{"lsp/...", "cmd/...", "editors/...", "go.lsp.dev/..."}},
	{pkgs: "inference/internal/stream", why: "the clients' toolkit", only: []string{"inference", "go.uber.org/..."}},
	{pkgs: "inference/suggest", why: "post-processing of answers", only: []string{"diffing/lang", "inference/prompt"}},
	{pkgs: "inference/prompt", why: "prompt layout", only: []string{"diffing/lang"}},
	{pkgs: "inference/complete", why: "an engine never reaches a server itself", deny: engineDeny},
	{pkgs: "inference/edit", why: "an engine never reaches a server itself", deny: engineDeny},
	{pkgs: "inference/explain", why: "an engine never reaches a server itself", deny: engineDeny},
	{pkgs: "inference/nextedit", why: "an engine never reaches a server itself", deny: engineDeny},
	{pkgs: "inference/sched", why: "scheduling knows neither engines nor clients", deny: chainDeny},
	{pkgs: "inference/route", why: "routing knows neither engines nor clients", deny: chainDeny},
	{pkgs: "inference/pipeline", why: "the chain is built below the engines", deny: []string{"inference/complete", "inference/edit", "inference/explain", "inference/nextedit"}},
	{pkgs: "inference/ollama", why: "a client", deny: clientDeny},
	{pkgs: "inference/openai", why: "a client", deny: clientDeny},
	{pkgs: "inference/llamacpp", why: "a client", deny: clientDeny},
	{pkgs: "lsp", why: "the server reaches backends only through the engines", deny: []string{"inference/sched", "inference/route", "inference/pipeline", "inference/ollama", "inference/openai", "inference/llamacpp", "inference/internal/..."}},
	{pkgs: "lsp/metrics", why: "metrics read the pipeline, not the server", deny: []string{"lsp", "go.lsp.dev/..."}},
	{pkgs: "lsp/config", why: "configuration, no protocol", deny: []string{"lsp", "go.lsp.dev/..."}},
	{pkgs: "lsp/langctx", why: "lspilot as a language server's client, which the server feeds: never the server, nor a backend", deny: []string{"lsp", "lsp/config", "cmd/...", "inference/sched", "inference/route", "inference/pipeline", "inference/ollama", "inference/openai", "inference/llamacpp", "inference/internal/..."}},
	{pkgs: "lsp/langctx/langctxtest", why: "test support: builds and installs servers", only: []string{"inference/proctest"}},
	{pkgs: "lsp/textdoc", why: "documents and positions", deny: []string{"inference/...", "diffing/...", "lsp/...", "go.lsp.dev/..."}},
}

var (
	engineDeny = []string{"inference/sched", "inference/pipeline", "inference/ollama", "inference/openai", "inference/llamacpp", "inference/internal/..."}
	chainDeny  = []string{"inference/complete", "inference/edit", "inference/explain", "inference/nextedit", "inference/pipeline", "inference/ollama", "inference/openai", "inference/llamacpp", "inference/internal/..."}
	clientDeny = []string{"inference/complete", "inference/edit", "inference/explain", "inference/nextedit", "inference/sched", "inference/route", "inference/pipeline"}
)

// TestLayering checks every package's imports (tests aside) against the
// layering rules.
func TestLayering(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, module+"/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(strings.TrimPrefix(fields[0], module), "/")
		for _, r := range layering {
			if !matches(r.pkgs, pkg) {
				continue
			}
			for _, imp := range fields[1:] {
				if broken(r, imp) {
					t.Errorf("%s imports %s: %s", pkg, imp, r.why)
				}
			}
		}
	}
}

// broken reports whether importing imp breaks r.
func broken(r layerRule, imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	if !strings.Contains(first, ".") {
		return false // the standard library
	}
	own := strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")
	if own == imp {
		own = "" // outside the module: matched by its full path
	}
	allowed := func(list []string) bool {
		return slices.ContainsFunc(list, func(p string) bool { return matches(p, imp) || own != "" && matches(p, own) })
	}
	if r.only != nil {
		return !allowed(r.only)
	}
	return allowed(r.deny)
}

// matches reports whether p names pkg: exactly, or as a parent with "/...".
func matches(p, pkg string) bool {
	if base, ok := strings.CutSuffix(p, "/..."); ok {
		return pkg == base || strings.HasPrefix(pkg, base+"/")
	}
	return p == pkg
}

func TestLayerRule(t *testing.T) {
	pure := layerRule{only: []string{}}
	tests := []struct {
		r    layerRule
		imp  string
		want bool
	}{
		{pure, "strings", false},
		{pure, "go.uber.org/zap", true},
		{pure, module + "/diffing", true},
		{layerRule{deny: []string{"inference/..."}}, module + "/inference", true},
		{layerRule{deny: []string{"inference/..."}}, module + "/inference/route", true},
		{layerRule{deny: []string{"inference/..."}}, module + "/inferencex", false},
		{layerRule{deny: []string{"go.lsp.dev/..."}}, "go.lsp.dev/protocol", true},
		{layerRule{deny: []string{"lsp"}}, module + "/lsp/config", false},
		{layerRule{only: []string{"inference", "go.uber.org/..."}}, "go.uber.org/zap", false},
		{layerRule{only: []string{"inference", "go.uber.org/..."}}, module + "/inference/route", true},
	}
	for _, tt := range tests {
		if got := broken(tt.r, tt.imp); got != tt.want {
			t.Errorf("broken(%+v, %s) = %v, want %v", tt.r, tt.imp, got, tt.want)
		}
	}
}
