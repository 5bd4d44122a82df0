package benchmark

import (
	"hash/fnv"
	"path"
	"strings"
)

// The chat layout of the next-edit engine (inference/nextedit's chat
// format), as the simulated model reads it: the file's excerpt with the
// region to rewrite between markers and the cursor marked.
const (
	neRegionStart = "<|region_start|>"
	neRegionEnd   = "<|region_end|>"
	neCursor      = "<|cursor|>"
	neFileIntro   = "The file "
	neAsk         = "```\n\nRewrite the region between "
)

// editOracle plays a next-edit model on edit traces: for hitRate of
// prompts it rewrites the region with the trace's next step made when that
// step lies in the region (unchanged otherwise); for the others it answers
// what models get wrong: the region unchanged, with its last line dropped,
// or with a closing bracket lost (which verification refuses). Which prompts
// it gets right depends only on the prompt.
type editOracle struct {
	traces  map[string]*editTrace // by file name as prompts carry it
	hitRate uint32                // percent
}

func newEditOracle(traces [][]*editTrace, hitRate float64) *editOracle {
	o := &editOracle{traces: map[string]*editTrace{}, hitRate: uint32(100 * hitRate)}
	for _, eds := range traces {
		for _, tr := range eds {
			o.traces[promptName(tr.Path)] = tr
		}
	}
	return o
}

// promptName is how the oracles know a file: its directory's and its own
// base names, as the path in a prompt ends.
func promptName(p string) string { return path.Join(path.Base(path.Dir(p)), path.Base(p)) }

// isNextEditPrompt reports whether a prompt is the engine's chat layout.
func isNextEditPrompt(prompt string) bool {
	return strings.Contains(prompt, neRegionStart) && strings.Contains(prompt, neAsk)
}

// answer returns the model's answer to a next-edit prompt: the region
// rewritten, in a code block.
func (o *editOracle) answer(prompt string) string {
	file, before, region, after, ok := chatParts(prompt)
	if !ok {
		return "```\n```\n"
	}
	h := fnv.New32a()
	h.Write([]byte(prompt))
	sum := h.Sum32()
	if sum%100 >= o.hitRate {
		return fenced(wrongRewrite(region, sum/100))
	}
	tr := o.traces[file]
	if tr == nil {
		return fenced(region)
	}
	return fenced(nextRewrite(tr, before, region, after))
}

// nextRewrite is region with the trace's next step made, when the excerpt
// is found in a state of the trace and that state's next step lies in the
// region; region itself otherwise. The state is the latest the excerpt
// matches: the steps after it change the excerpt.
func nextRewrite(tr *editTrace, before, region, after string) string {
	excerpt := before + region + after
	for k := len(tr.States) - 1; k >= 0; k-- {
		at := strings.Index(tr.States[k], excerpt)
		if at < 0 {
			continue
		}
		if k == len(tr.Steps) {
			return region
		}
		st := tr.Steps[k]
		start := at + len(before)
		if st.Start < start || st.End > start+len(region) {
			return region
		}
		return region[:st.Start-start] + st.New + region[st.End-start:]
	}
	return region
}

// wrongRewrite is one of a model's mistakes on region, chosen by pick.
func wrongRewrite(region string, pick uint32) string {
	switch pick % 3 {
	case 1:
		lines := strings.SplitAfter(strings.TrimSuffix(region, "\n"), "\n")
		if len(lines) > 1 {
			return strings.Join(lines[:len(lines)-1], "")
		}
	case 2:
		if i := strings.LastIndexAny(region, ")}]"); i >= 0 {
			return region[:i] + region[i+1:]
		}
	}
	return region
}

func fenced(s string) string { return "```go\n" + endWithLine(s) + "```\n" }

func endWithLine(s string) string {
	if s == "" || strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n"
}

// chatParts recovers from a next-edit chat prompt the file's name, the
// excerpt before the region, the region (less the cursor marker) and the
// excerpt after it.
func chatParts(p string) (file, before, region, after string, ok bool) {
	mark := strings.Index(p, neRegionStart+"\n")
	i := strings.LastIndex(p[:max(mark, 0)], "\n"+neFileIntro)
	if mark < 0 || i < 0 {
		return "", "", "", "", false
	}
	head, rest, ok := strings.Cut(p[i+1+len(neFileIntro):], "\n```")
	if !ok {
		return "", "", "", "", false
	}
	file = promptName(strings.TrimSuffix(head, ":"))
	_, rest, _ = strings.Cut(rest, "\n") // the fence's language tag
	before, rest, ok1 := strings.Cut(rest, neRegionStart+"\n")
	region, rest, ok2 := strings.Cut(rest, neRegionEnd+"\n")
	end := strings.LastIndex(rest, neAsk)
	if !ok1 || !ok2 || end < 0 {
		return "", "", "", "", false
	}
	return file, before, strings.ReplaceAll(region, neCursor, ""), rest[:end], true
}
