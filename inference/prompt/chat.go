package prompt

import (
	"strings"

	"github.com/lspilot/lspilot/diffing/lang"
)

// Message is one message of an instruction prompt.
type Message struct {
	// Role is "system" or "user".
	Role string
	// Content is the message text.
	Content string
}

// CursorMarker marks the cursor in the instruction prompt.
const CursorMarker = "<CURSOR>"

// chatSystem is the system message of the instruction prompt. It never
// changes, so a backend keeps it cached.
const chatSystem = "You are the code completion engine of a text editor. " +
	"The user shows a file with the marker " + CursorMarker + " where the cursor is. " +
	"Reply with exactly the text to insert at the marker and nothing else: " +
	"no explanation, no Markdown fences, no text that is already before or after the marker. " +
	"Follow the file's indentation. Complete the current line, or the current block when the line is empty. " +
	"If nothing sensible can be inserted, reply with an empty message."

// chatMessages builds the instruction prompt for models without FIM. The user
// message puts the extra files first and the current file last, with the
// cursor line's prefix as late as the layout allows, so that typing changes
// only its tail.
func chatMessages(r Request, b Built, o Options) ([]Message, []File, int) {
	extra, kept := fitChunks(r.Extra, o.ExtraTokens, o.Counter, func(f File) string {
		return "File " + f.Path + ":\n" + lang.PlainFence(lang.Detect(f.Path)).Wrap(f.Text) + "\n\n"
	})
	var sb strings.Builder
	sb.Grow(len(extra) + len(b.Prefix) + len(b.Suffix) + len(b.CurrentLinePrefix) + 256)
	sb.WriteString(extra)
	name := r.Path
	if name == "" {
		name = "the file"
	}
	sb.WriteString("Complete the code at " + CursorMarker + " in " + name)
	if r.Language != "" {
		sb.WriteString(" (" + r.Language + ")")
	}
	fence := lang.PlainFence(r.Language)
	sb.WriteString(":\n" + fence.Open() + "\n")
	sb.WriteString(b.Prefix)
	stable := sb.Len()
	sb.WriteString(b.CurrentLinePrefix)
	sb.WriteString(CursorMarker)
	sb.WriteString(b.Suffix)
	if !strings.HasSuffix(b.Suffix, "\n") {
		sb.WriteString("\n")
	}
	sb.WriteString(fence.Close() + "\n")
	return []Message{
		{Role: "system", Content: chatSystem},
		{Role: "user", Content: sb.String()},
	}, kept, stable
}
