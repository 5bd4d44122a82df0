package benchmark

import (
	"testing"

	"github.com/lspilot/lspilot/lsp/edittrace"
)

func TestOracle(t *testing.T) {
	tr := &edittrace.Trace{Path: "editor001/a.go", Final: "package a\n\nfunc f() {\n\treturn 42\n}\n"}
	prompt := "<|file_sep|>/bench/editor001/a.go\n<|fim_prefix|>package a\n\nfunc f() {\n<|fim_suffix|>\n<|fim_middle|>\tret"
	always := newOracle([]*edittrace.Trace{tr}, 1)
	if got := always.answer(prompt, ""); got != "urn 42\n" {
		t.Errorf("answer = %q, want the rest of the line", got)
	}
	never := newOracle([]*edittrace.Trace{tr}, 0)
	if got := never.answer(prompt, ""); got == "urn 42\n" {
		t.Error("an oracle that is never right was right")
	}
}

func TestOracleWithoutLayout(t *testing.T) {
	tr := &edittrace.Trace{Path: "editor001/a.go", Final: "package a\n\nfunc f() {\n\treturn 42\n}\n"}
	o := newOracle([]*edittrace.Trace{tr}, 1)
	if got := o.answer("package a\n\nfunc f() {\n\tret", "\n"); got != "urn 42\n" {
		t.Errorf("answer = %q, want the rest of the line", got)
	}
}
