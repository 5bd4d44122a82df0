package lsptest

import (
	"time"
	"unicode/utf8"

	"github.com/lspilot/lspilot/lsp/edittrace"
)

// Replay types t into the editor's document u, calling after(i) after each
// event i, and sleeping each gap divided by speed. It returns the cursor.
func (e *Editor) Replay(u string, t *edittrace.Trace, speed float64, after func(i, cursor int)) int {
	e.t.Helper()
	cursor := len(t.Text)
	for i, ev := range t.Events {
		time.Sleep(time.Duration(float64(ev.Gap) * float64(time.Millisecond) / speed))
		switch ev.Op {
		case "type":
			e.Edit(u, cursor, cursor, ev.Text)
			cursor += len(ev.Text)
		case "backspace":
			text := e.Text(u)
			_, size := utf8.DecodeLastRuneInString(text[:cursor])
			e.Edit(u, cursor-size, cursor, "")
			cursor -= size
		}
		if after != nil {
			after(i, cursor)
		}
	}
	return cursor
}
