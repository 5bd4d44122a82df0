package benchmark

import (
	"hash/fnv"
	"path"
	"strings"

	"github.com/lspilot/lspilot/inference/nextedit"
)

// layout is how one of the next-edit engine's formats (inference/nextedit)
// lays out the file's excerpt, as the simulated model reads it: the file's
// name after intro up to nameEnd, the excerpt's text before the region
// after that (less skip when present), the region between regionStart and
// regionEnd with cursor at the cursor, the excerpt after it up to the last
// tail; and how the model answers a rewritten region.
type layout struct {
	format                       string
	intro, nameEnd, skip         string
	regionStart, regionEnd, tail string
	cursor                       string
	answer                       func(region string) string
}

// layouts are the formats the simulated model answers.
var layouts = []layout{
	{format: nextedit.FormatChat, intro: "\nThe file ", nameEnd: ":\n```", skip: "",
		regionStart: "<|region_start|>\n", regionEnd: "<|region_end|>\n", tail: "```\n\nRewrite the region between ",
		cursor: "<|cursor|>", answer: fenced},
	{format: nextedit.FormatInstinct, intro: "### User Excerpt:\n", nameEnd: "\n\n",
		regionStart: "<|editable_region_start|>\n", regionEnd: "<|editable_region_end|>\n", tail: "```\n### Response:",
		cursor: "<|user_cursor_is_here|>", answer: fenced},
	{format: nextedit.FormatZeta, intro: "### User Excerpt:\n\n```", nameEnd: "\n", skip: "<|start_of_file|>\n",
		regionStart: "<|editable_region_start|>\n", regionEnd: "<|editable_region_end|>\n", tail: "```\n\n### Response:\n",
		cursor: "<|user_cursor_is_here|>", answer: func(r string) string {
			return "<|editable_region_start|>\n" + endWithLine(r) + "<|editable_region_end|>"
		}},
}

// NextEditFormats lists the next-edit formats the simulated model answers.
func NextEditFormats() []string {
	out := make([]string, len(layouts))
	for i, l := range layouts {
		out[i] = l.format
	}
	return out
}

// layoutOf returns the layout of a next-edit prompt, false for another
// prompt.
func layoutOf(prompt string) (layout, bool) {
	for _, l := range layouts {
		if strings.Contains(prompt, l.regionStart) && strings.Contains(prompt, l.tail) && strings.Contains(prompt, l.intro) {
			return l, true
		}
	}
	return layout{}, false
}

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

// isNextEditPrompt reports whether a prompt is a next-edit format's.
func isNextEditPrompt(prompt string) bool {
	_, ok := layoutOf(prompt)
	return ok
}

// answer returns the model's answer to a next-edit prompt: the region
// rewritten, as the prompt's format has it.
func (o *editOracle) answer(prompt string) string {
	l, _ := layoutOf(prompt)
	file, before, region, after, ok := l.parts(prompt)
	if !ok {
		return ""
	}
	say := l.answer
	h := fnv.New32a()
	h.Write([]byte(prompt))
	sum := h.Sum32()
	if sum%100 >= o.hitRate {
		return say(wrongRewrite(region, sum/100))
	}
	tr := o.traces[file]
	if tr == nil {
		return say(region)
	}
	return say(nextRewrite(tr, before, region, after))
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

// parts recovers from a next-edit prompt in layout l the file's name, the
// excerpt before the region, the region (less the cursor marker) and the
// excerpt after it.
func (l layout) parts(p string) (file, before, region, after string, ok bool) {
	mark := strings.Index(p, l.regionStart)
	if mark < 0 {
		return "", "", "", "", false
	}
	i := strings.LastIndex(p[:mark], l.intro)
	if i < 0 {
		return "", "", "", "", false
	}
	name, rest, ok := strings.Cut(p[i+len(l.intro):], l.nameEnd)
	if !ok {
		return "", "", "", "", false
	}
	file = promptName(name)
	if l.format == nextedit.FormatChat {
		_, rest, _ = strings.Cut(rest, "\n") // the fence's language tag
	}
	if l.skip != "" {
		rest = strings.TrimPrefix(rest, l.skip)
	}
	before, rest, ok1 := strings.Cut(rest, l.regionStart)
	region, rest, ok2 := strings.Cut(rest, l.regionEnd)
	end := strings.LastIndex(rest, l.tail)
	if !ok1 || !ok2 || end < 0 {
		return "", "", "", "", false
	}
	return file, before, strings.ReplaceAll(region, l.cursor, ""), rest[:end], true
}
