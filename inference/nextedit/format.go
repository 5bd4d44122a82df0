package nextedit

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lspilot/lspilot/inference"
)

// Input is what a format lays out: the document around the cursor and the
// session's recent edits.
type Input struct {
	// Path names the document; Language is its language id.
	Path, Language string
	// Changes are the recent edits, oldest first; the last one is the
	// change being typed.
	Changes []Change
	// Related are excerpts of the other documents the edits touched.
	Related []Related
	// Before and After are the excerpt around the editable region, Region
	// the region itself and Cursor the cursor's offset in it.
	Before, Region, After string
	Cursor                int
	// Original is the region before the change being typed; "" when it is
	// the same as Region.
	Original string
	// FileStart says the excerpt starts at the beginning of the file.
	FileStart bool
}

// Prompt is a laid-out request: a raw prompt or a chat, with its stops.
type Prompt struct {
	Raw      string
	Messages []inference.Message
	Stop     []string
}

// Format is the prompt format of one family of next-edit models. Every
// format lays out what changes least first (other files, then older
// edits, then the change being typed, then the region), so that a
// backend's prompt cache holds the common prefix of successive requests.
type Format struct {
	// Name names the format in configuration (nextEdit.format) and logs.
	Name string
	// Build lays out the prompt.
	Build func(in Input) Prompt
	// Parse returns the region as the model rewrote it, or an error
	// wrapping ErrMalformed.
	Parse func(answer string, in Input) (string, error)
	// Above and Below are the lines of the editable region above and below
	// the cursor line, as the model was trained to rewrite.
	Above, Below int
}

// ErrMalformed reports an answer that is not in the format's shape.
var ErrMalformed = errors.New("answer not in the format's shape")

// The format names.
const (
	FormatSweep    = "sweep"
	FormatZeta     = "zeta"
	FormatZeta2    = "zeta2"
	FormatInstinct = "instinct"
	FormatChat     = "chat"
)

// formats is the registry, by name.
var formats = map[string]Format{
	FormatSweep:    {Name: FormatSweep, Build: buildSweep, Parse: parseSweep, Above: 10, Below: 10},
	FormatZeta:     {Name: FormatZeta, Build: buildZeta, Parse: parseZeta, Above: 4, Below: 8},
	FormatZeta2:    {Name: FormatZeta2, Build: buildZeta2, Parse: parseZeta2, Above: 4, Below: 8},
	FormatInstinct: {Name: FormatInstinct, Build: buildInstinct, Parse: parseInstinct, Above: 1, Below: 5},
	FormatChat:     {Name: FormatChat, Build: buildChat, Parse: parseChat, Above: 1, Below: 5},
}

// Formats lists the format names, sorted.
func Formats() []string {
	out := make([]string, 0, len(formats))
	for n := range formats {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// LookupFormat returns the format of a name.
func LookupFormat(name string) (Format, bool) {
	f, ok := formats[name]
	return f, ok
}

// DetectFormat picks the format from a model name, as FIM templates are
// picked: Sweep's next-edit models (sweep-next-edit-1.5B, -7B), Zed's Zeta
// and Zeta2, Continue's Instinct; any other model gets the instruction
// prompt for chat models.
func DetectFormat(model string) Format {
	m := strings.ToLower(model)
	switch {
	case strings.Contains(m, "sweep") && (strings.Contains(m, "next-edit") || strings.Contains(m, "nextedit") || strings.Contains(m, "next_edit")):
		return formats[FormatSweep]
	case strings.Contains(m, "zeta2") || strings.Contains(m, "zeta-2"):
		return formats[FormatZeta2]
	case strings.Contains(m, "zeta"):
		return formats[FormatZeta]
	case strings.Contains(m, "instinct"):
		return formats[FormatInstinct]
	}
	return formats[FormatChat]
}

// ResolveFormat turns the nextEdit.format setting into a format: "" or
// "auto" detects it from the model name, a name selects it.
func ResolveFormat(setting, model string) (Format, error) {
	if setting == "" || setting == "auto" {
		return DetectFormat(model), nil
	}
	f, ok := formats[setting]
	if !ok {
		return Format{}, fmt.Errorf("unknown next-edit format %q (want auto or one of %s)", setting, strings.Join(Formats(), ", "))
	}
	return f, nil
}

// withCursor returns the region with marker at the cursor.
func (in Input) withCursor(marker string) string {
	return in.Region[:in.Cursor] + marker + in.Region[in.Cursor:]
}

// endLine returns s ending with a line break, unless it is empty.
func endLine(s string) string {
	if s == "" || strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n"
}

// fitRegion gives a rewrite the region's final line break, or takes it
// away, as the region has it: formats put the region on whole lines.
func fitRegion(rewrite, region string) string {
	switch {
	case strings.HasSuffix(region, "\n") && !strings.HasSuffix(rewrite, "\n") && rewrite != "":
		return rewrite + "\n"
	case !strings.HasSuffix(region, "\n"):
		return strings.TrimSuffix(rewrite, "\n")
	}
	return rewrite
}
