package benchmark

import (
	"hash/fnv"
	"path"
	"strings"

	"github.com/lspilot/lspilot/lsp/edittrace"
)

// oracle plays the model: for hitRate of prompts it answers with what the
// user is about to type (the rest of the line in the trace's final text, or
// the next line at the end of one),
// for the others with a plausible line that is wrong. Which prompts it gets
// right depends only on the prompt, so every strategy meets the same model.
type oracle struct {
	finals  map[string]string // by file name as prompts carry it
	hitRate uint32            // percent
	// edits, when set, answers the next-edit engine's prompts.
	edits *editOracle
}

func newOracle(traces []*edittrace.Trace, hitRate float64) *oracle {
	o := &oracle{finals: map[string]string{}, hitRate: uint32(100 * hitRate)}
	for _, tr := range traces {
		o.finals[tr.Path] = tr.Final
	}
	return o
}

// newEditsOracle is the oracle of a run on edit traces: completions
// toward each trace's final text, next edits by editOracle.
func newEditsOracle(traces [][]*editTrace, hitRate float64) *oracle {
	o := &oracle{finals: map[string]string{}, hitRate: uint32(100 * hitRate), edits: newEditOracle(traces, hitRate)}
	for _, eds := range traces {
		for _, tr := range eds {
			o.finals[promptName(tr.Path)] = tr.Final()
		}
	}
	return o
}

// answer implements the simulator's generator for a prompt and suffix.
func (o *oracle) answer(prompt, suffix string) string {
	if o.edits != nil && isNextEditPrompt(prompt) {
		return o.edits.answer(prompt)
	}
	before, file := fimParts(prompt)
	h := fnv.New32a()
	h.Write([]byte(prompt))
	h.Write([]byte(suffix))
	if h.Sum32()%100 >= o.hitRate {
		return "value := compute(input, 42)\n"
	}
	tail := before[max(0, len(before)-256):]
	final, ok := o.finals[file]
	i := strings.Index(final, tail)
	if !ok || i < 0 {
		// The server got the prefix without our FIM layout (a native
		// infill endpoint): find the file by its text.
		if final, i = o.find(tail); i < 0 {
			return "\n"
		}
	}
	return nextLine(final[i+len(tail):])
}

// nextLine is what a code model writes at a cursor followed by rest: the
// rest of the line, or at the end of a line the line that follows, as
// fill-in-the-middle models do there.
func nextLine(rest string) string {
	line, more, _ := strings.Cut(rest, "\n")
	if strings.TrimSpace(line) != "" || more == "" {
		return line + "\n"
	}
	next, _, _ := strings.Cut(more, "\n")
	return line + "\n" + next + "\n"
}

// find returns the final text holding tail and where.
func (o *oracle) find(tail string) (string, int) {
	for _, f := range o.finals {
		if i := strings.Index(f, tail); i >= 0 {
			return f, i
		}
	}
	return "", -1
}

// fimParts recovers the text before the cursor and the file name from a
// fill-in-the-middle prompt in the Qwen2.5-Coder layout: the prefix after
// <|fim_prefix|> (less a <|file_sep|> header line) and the cursor line
// after <|fim_middle|>. The file name is the last <|file_sep|> header's
// base path under its editor directory.
func fimParts(p string) (before, file string) {
	head, _, _ := strings.Cut(p, "<|fim_prefix|>")
	if i := strings.LastIndex(head, "<|file_sep|>"); i >= 0 {
		name, _, _ := strings.Cut(head[i+len("<|file_sep|>"):], "\n")
		file = path.Join(path.Base(path.Dir(name)), path.Base(name))
	}
	_, rest, ok := strings.Cut(p, "<|fim_prefix|>")
	if !ok {
		return p, file
	}
	prefix, rest, _ := strings.Cut(rest, "<|fim_suffix|>")
	_, line, _ := strings.Cut(rest, "<|fim_middle|>")
	return prefix + line, file
}
