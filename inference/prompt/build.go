package prompt

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/lspilot/lspilot/diffing/lang"
)

// ErrCursor reports a cursor offset outside the text or inside a UTF-8
// sequence.
var ErrCursor = errors.New("cursor not at a character boundary of the text")

// Request is what Build needs to know about the file being edited.
type Request struct {
	// Path is the file's path, preferably relative to the workspace root.
	Path string
	// Language is the LSP language id; empty derives it from Path.
	Language string
	// Text is the whole document.
	Text string
	// Cursor is the byte offset of the cursor in Text.
	Cursor int
	// Repo names the repository for families that take it; may be empty.
	Repo string
	// Extra is extra context, oldest first (see Ring).
	Extra []File
}

// Options are the budgets of context assembly. Zero fields take defaults.
type Options struct {
	// PrefixTokens bounds the lines before the cursor line (default 1536).
	PrefixTokens int
	// SuffixTokens bounds the lines after the cursor line (default 512).
	SuffixTokens int
	// ExtraTokens bounds the extra context (default 1024).
	ExtraTokens int
	// MaxLineBytes bounds each side of the cursor line (default 2048).
	MaxLineBytes int
	// Counter counts tokens (default Estimate{}).
	Counter Counter
}

// Default budgets.
const (
	DefaultPrefixTokens = 1536
	DefaultSuffixTokens = 512
	DefaultExtraTokens  = 1024
	DefaultMaxLineBytes = 2048
)

func (o Options) withDefaults() Options {
	if o.PrefixTokens <= 0 {
		o.PrefixTokens = DefaultPrefixTokens
	}
	if o.SuffixTokens <= 0 {
		o.SuffixTokens = DefaultSuffixTokens
	}
	if o.ExtraTokens <= 0 {
		o.ExtraTokens = DefaultExtraTokens
	}
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = DefaultMaxLineBytes
	}
	if o.Counter == nil {
		o.Counter = Estimate{}
	}
	return o
}

// Built is an assembled prompt, whole and in pieces, so that a caller can
// send the raw prompt or use a backend's native FIM instead: Ollama's suffix
// (prompt Preamble+Prefix+CurrentLinePrefix, suffix Suffix) or llama.cpp's
// /infill (input_extra Extra, input_prefix Prefix, input_suffix Suffix,
// prompt CurrentLinePrefix).
type Built struct {
	// Family is the family of the template used.
	Family Family
	// Prompt is the raw, fully templated prompt; empty for FamilyChat.
	Prompt string
	// Messages is the instruction prompt (system, user) for FamilyChat.
	Messages []Message
	// Preamble is the rendered extra context and file header that precede
	// Prefix in Prompt.
	Preamble string
	// Prefix is the window of whole lines before the cursor line.
	Prefix string
	// Suffix is the rest of the cursor line and the window of lines after it.
	Suffix string
	// CurrentLinePrefix is the cursor line up to the cursor.
	CurrentLinePrefix string
	// Extra is the extra context that fit the budget, oldest first.
	Extra []File
	// Stop is the stop sequences to give the backend.
	Stop []string
	// StablePrefixLen is the length of the part of Prompt (of the user
	// message for FamilyChat) before CurrentLinePrefix. Typing at the cursor
	// changes only the bytes after it, as long as the text after the cursor
	// stays the same.
	StablePrefixLen int
	// PrefixStart and SuffixEnd are the byte offsets in the document where
	// the Prefix window starts and the Suffix window ends.
	PrefixStart, SuffixEnd int
}

// Build assembles the prompt for a completion at r.Cursor with template t.
// Its work is proportional to the windows it takes, not to the file.
func Build(t Template, r Request, o Options) (Built, error) {
	if r.Cursor < 0 || r.Cursor > len(r.Text) ||
		(r.Cursor < len(r.Text) && !utf8.RuneStart(r.Text[r.Cursor])) {
		return Built{}, fmt.Errorf("build prompt at %d of %d bytes: %w", r.Cursor, len(r.Text), ErrCursor)
	}
	o = o.withDefaults()
	if r.Language == "" {
		r.Language = lang.Detect(r.Path)
	}
	b := cutWindows(r, o)
	b.Family = t.Family
	b.Stop = append([]string(nil), t.Stop...)
	if t.Family == FamilyChat || t.Format == "" {
		b.Family = FamilyChat
		b.Messages, b.Extra, b.StablePrefixLen = chatMessages(r, b, o)
		return b, nil
	}
	segs, err := parseFormat(t.Format)
	if err != nil {
		return Built{}, fmt.Errorf("build prompt: %w", err)
	}
	ctx, kept := renderContext(t, r, o)
	b.Extra = kept
	file := renderFileHeader(t, r)
	b.Preamble = ctx + file
	b.Prompt, b.StablePrefixLen = render(segs, ctx, file, b)
	return b, nil
}

// cutWindows takes the cursor line and the prefix and suffix windows.
func cutWindows(r Request, o Options) Built {
	text, cur := r.Text, r.Cursor
	lineStart := lineStartAt(text, cur)
	lineEnd := lineEndAt(text, cur)
	restEnd := lineRestEnd(text, cur, lineEnd, o.MaxLineBytes)
	ps := prefixStart(text, lineStart, o.PrefixTokens, o.Counter)
	se := restEnd
	if restEnd == lineEnd {
		se = suffixEnd(text, lineEnd, o.SuffixTokens, o.Counter)
	}
	return Built{
		Prefix:            text[ps:lineStart],
		Suffix:            text[cur:se],
		CurrentLinePrefix: text[linePrefixStart(text, lineStart, cur, o.MaxLineBytes):cur],
		PrefixStart:       ps,
		SuffixEnd:         se,
	}
}
