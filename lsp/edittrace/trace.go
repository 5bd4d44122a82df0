// Package edittrace reads, writes and synthesizes editing traces: a
// document and the keystrokes typed into it, with the time between them.
// Benchmarks replay them through the language server.
//
// It imports only the standard library.
package edittrace

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
)

// Event is one step of an editing trace, one JSON object per line:
//
//	{"gap":183,"op":"type","text":"a"}   insert text at the cursor
//	{"gap":95,"op":"backspace"}          delete the character before the cursor
//
// Gap is the time in milliseconds since the previous event. A trace's first
// line is its header: {"op":"open","path":"x.go","language":"go","text":"..."}
// holds the document as the trace starts, with the cursor at its end.
type Event struct {
	Gap      int    `json:"gap,omitempty"`
	Op       string `json:"op"`
	Text     string `json:"text,omitempty"`
	Path     string `json:"path,omitempty"`
	Language string `json:"language,omitempty"`
}

// Trace is an editing session: a document and the keystrokes typed into it.
type Trace struct {
	Path, Language, Text string
	Events               []Event
	// Final is the text the keystrokes were typing toward, when known.
	Final string
}

// Read parses a JSONL trace; an error names the line at fault.
func Read(r io.Reader) (*Trace, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var t *Trace
	for n := 1; sc.Scan(); n++ {
		var ev Event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			return nil, fmt.Errorf("trace line %d: %w", n, err)
		}
		switch {
		case n == 1 && ev.Op == "open":
			t = &Trace{Path: ev.Path, Language: ev.Language, Text: ev.Text}
		case n == 1:
			return nil, fmt.Errorf("trace line 1: want an \"open\" header, got %q", ev.Op)
		case ev.Op == "type" || ev.Op == "backspace":
			t.Events = append(t.Events, ev)
		case ev.Op == "final":
			t.Final = ev.Text
		default:
			return nil, fmt.Errorf("trace line %d: unknown op %q", n, ev.Op)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read trace: %w", err)
	}
	if t == nil {
		return nil, fmt.Errorf("trace is empty")
	}
	return t, nil
}

// Write writes t as JSONL.
func Write(w io.Writer, t *Trace) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(Event{Op: "open", Path: t.Path, Language: t.Language, Text: t.Text}); err != nil {
		return err
	}
	for _, ev := range t.Events {
		if err := enc.Encode(ev); err != nil {
			return err
		}
	}
	return enc.Encode(Event{Op: "final", Text: t.Final})
}

// Synthesize makes a trace of a person typing the lines of src after the
// first `keep` lines: log-normal gaps with a median around 180 ms, longer
// pauses after line ends and brackets, and occasional typos fixed with
// backspace. The same seed gives the same trace.
func Synthesize(path, language, src string, keep int, seed uint64) *Trace {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	lines := strings.SplitAfter(src, "\n")
	keep = min(keep, len(lines))
	t := &Trace{Path: path, Language: language, Text: strings.Join(lines[:keep], ""), Final: src}
	gap := func(median float64) int {
		return int(math.Exp(math.Log(median) + 0.5*r.NormFloat64()))
	}
	// A gap comes before its event; after a line end or a bracket the
	// typist stops to think, so the next event waits longer.
	median := func() float64 {
		last := t.Text
		if n := len(t.Events); n > 0 {
			last = t.Events[n-1].Text
		}
		if last != "" && strings.ContainsAny(last[len(last)-1:], "\n{}()[];") {
			return 450
		}
		return 180
	}
	for _, line := range lines[keep:] {
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		if indent > 0 {
			t.Events = append(t.Events, Event{Gap: gap(median()), Op: "type", Text: line[:indent]}) // editors auto-indent
		}
		for _, c := range line[indent:] {
			if r.Float64() < 0.03 && c != '\n' {
				t.Events = append(t.Events, Event{Gap: gap(median()), Op: "type", Text: typo(r)},
					Event{Gap: gap(350), Op: "backspace"})
			}
			t.Events = append(t.Events, Event{Gap: gap(median()), Op: "type", Text: string(c)})
		}
	}
	return t
}

func typo(r *rand.Rand) string {
	const keys = "asdfghjklqwertyuiop"
	return string(keys[r.IntN(len(keys))])
}
