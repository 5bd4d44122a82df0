package benchmark

import (
	"strings"
	"testing"

	"github.com/lspilot/lspilot/inference/nextedit"
)

// TestEditOracle lays out next-edit prompts with each of the engine's
// formats that the simulated model answers, for states of a rename trace,
// and checks that the simulated model's answer, parsed as the engine
// parses it, is the region with the trace's next step made when the step
// lies in the region, the region unchanged otherwise, and something else
// when the prompt is one it gets wrong.
func TestEditOracle(t *testing.T) {
	tr := synthesizeEdit("editor000-t00/x.go", kindRename, editSrc, 0)
	if tr == nil {
		t.Fatal("no trace")
	}
	tests := []struct {
		name         string
		state        int
		first, lines int // the region's first line and line count
		hitRate      float64
		want         func(region string) string
	}{
		{"next use in the region", 1, 7, 5, 1, func(r string) string { return strings.Replace(r, "len(b)", "len(buf)", 1) }},
		{"the use after it", 2, 7, 5, 1, func(r string) string { return strings.Replace(r, "int(b[0])", "int(buf[0])", 1) }},
		{"next use below the region", 1, 14, 6, 1, func(r string) string { return r }},
		{"every step made", 3, 7, 5, 1, func(r string) string { return r }},
	}
	for _, name := range NextEditFormats() {
		format, ok := nextedit.LookupFormat(name)
		if !ok {
			t.Fatalf("no format %s", name)
		}
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				in := chatInput(tr, tt.state, tt.first, tt.lines)
				prompt := chatML(format.Build(in))
				if l, ok := layoutOf(prompt); !ok || l.format != name {
					t.Fatalf("the %s layout is not recognised (%v, %s)", name, ok, l.format)
				}
				o := newEditsOracle([][]*editTrace{{tr}}, tt.hitRate)
				got, err := format.Parse(o.answer(prompt, ""), in)
				if err != nil {
					t.Fatal(err)
				}
				if want := tt.want(in.Region); got != want {
					t.Errorf("rewrite:\n%s\nwant:\n%s", got, want)
				}
				wrong, err := format.Parse(newEditsOracle([][]*editTrace{{tr}}, 0).answer(prompt, ""), in)
				if err != nil {
					t.Fatal(err)
				}
				if want := tt.want(in.Region); want != in.Region && wrong == want {
					t.Errorf("a model that is always wrong answered the next step")
				}
			})
		}
	}
	if isNextEditPrompt("<|fim_prefix|>package p\n<|fim_suffix|>\n<|fim_middle|>") {
		t.Error("a completion prompt is taken for a next-edit prompt")
	}
}

// TestWrongRewrite checks the mistakes the simulated model makes.
func TestWrongRewrite(t *testing.T) {
	region := "\tif x {\n\t\ty()\n\t}\n"
	tests := []struct {
		pick uint32
		want string
	}{
		{0, region},
		{1, "\tif x {\n\t\ty()\n"},
		{2, "\tif x {\n\t\ty()\n\t\n"},
	}
	for _, tt := range tests {
		if got := wrongRewrite(region, tt.pick); got != tt.want {
			t.Errorf("wrongRewrite(%d) = %q, want %q", tt.pick, got, tt.want)
		}
	}
}

// chatInput is the engine's input for state k of tr with the region at
// lines [first, first+n) and the whole file around it.
func chatInput(tr *editTrace, k, first, n int) nextedit.Input {
	lines := strings.SplitAfter(tr.States[k], "\n")
	join := func(ls []string) string { return strings.Join(ls, "") }
	region := join(lines[first : first+n])
	return nextedit.Input{
		Path: tr.Path, Language: "go", Before: join(lines[:first]), Region: region,
		After: join(lines[first+n:]), Cursor: strings.IndexByte(region, '\n'),
	}
}

// chatML lays out a prompt as the simulated server does before the model
// reads it: a chat in ChatML, a raw prompt as it is.
func chatML(p nextedit.Prompt) string {
	if p.Messages == nil {
		return p.Raw
	}
	var b strings.Builder
	for _, m := range p.Messages {
		b.WriteString("<|im_start|>" + m.Role + "\n" + m.Content + "<|im_end|>\n")
	}
	return b.String() + "<|im_start|>assistant\n"
}
