package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// Completion implements protocol.Server: the same suggestions as inline
// completion, as a list for clients without inline completion (Helix, Zed,
// older Neovim). The list is incomplete so that the client asks again as the
// user types; each item shows the first line and documents the whole text.
func (s *server) Completion(ctx context.Context, params *protocol.CompletionParams) (protocol.CompletionResult, error) {
	snap, err := s.snapshot(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	enc := s.encoding()
	off := cursor(snap, params.Position, enc)
	req := CompletionRequest{Session: s.session, Path: s.relPath(snap.URI), Doc: toDocument(snap), Offset: off,
		Invoked: params.Context.TriggerKind == protocol.CompletionTriggerKindInvoked}
	jsonrpc2.Async(ctx)

	suggestions, err := s.complete(ctx, snap, req)
	if err != nil {
		return nil, err
	}
	// Items replace the word before the cursor with that word plus the
	// suggestion, so that clients keep filtering them as the user types.
	word := lineBefore(snap.Text, off)
	items := make([]protocol.CompletionItem, 0, len(suggestions))
	for i, sg := range suggestions {
		label, multi := labelOf(word + sg.Text)
		item := protocol.CompletionItem{
			Label:      label,
			Kind:       protocol.CompletionItemKindText,
			Detail:     protocol.NewOptional("lspilot"),
			SortText:   protocol.NewOptional(string(rune('0' + min(i, 9)))),
			FilterText: protocol.NewOptional(word + sg.Text),
			Preselect:  protocol.NewOptional(i == 0),
			TextEdit: &protocol.TextEdit{
				Range:   protoRange(snap, off-len(word), max(sg.ReplaceEnd, off), enc),
				NewText: word + sg.Text,
			},
		}
		if multi {
			item.Label = label + " …"
		}
		item.Documentation = &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: fence(snap.LanguageID, sg.Text)}
		if sg.ID != "" {
			item.Command = protocol.Command{Title: "accept", Command: CommandAcceptCompletion, Arguments: []protocol.LSPAny{jsonString(sg.ID)}}
			s.sent.note(sg.ID, sg.Text)
		}
		items = append(items, item)
	}
	return &protocol.CompletionList{IsIncomplete: true, Items: items}, nil
}

// labelOf returns the first line of text that is not blank, trimmed, and
// whether more lines follow it.
func labelOf(text string) (label string, more bool) {
	for text != "" {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		if label = strings.TrimSpace(line); label != "" {
			return label, strings.TrimSpace(text) != ""
		}
	}
	return "", false
}

// lineBefore returns the word characters right before off, which clients
// match against an item's filter text.
func lineBefore(text string, off int) string {
	i := off
	for i > 0 && isWordByte(text[i-1]) {
		i--
	}
	return text[i:off]
}

func isWordByte(b byte) bool {
	return b == '_' || b >= 0x80 || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9'
}

// fence renders code as a markdown code block.
func fence(lang, code string) string {
	ticks := "```"
	for strings.Contains(code, ticks) {
		ticks += "`"
	}
	return ticks + lang + "\n" + code + "\n" + ticks
}
