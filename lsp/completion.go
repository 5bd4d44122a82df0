package lsp

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/lspilot/lspilot/diffing/lang"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/lsp/textdoc"
)

// completionTriggers are the characters after which a client without
// inline completion (see completionOptions) asks for the completion list at
// once instead of waiting for a word: member access, call and literal
// openers, the next argument, type annotations and Python's block openers,
// and the space after a keyword or an operator ("return ", "x := "), where a
// suggestion pays most. Clients send one request per trigger (Helix never
// cancels one); the engine debounces each and a newer request of a document
// supersedes the older, so typing quickly past them never queues backend
// work. A newline is left out: Helix looks for trigger characters only after
// a typed character, and Enter is a command of its own.
var completionTriggers = []string{".", "(", "[", "{", ",", ":", " "}

// Completion implements protocol.Server: the same suggestions as inline
// completion, as a list for clients without inline completion (Helix, Zed,
// older Neovim). Each item replaces the word before the cursor with that
// word plus the suggestion, shows the first line and documents the whole
// text; completionItem says why each field is set as it is.
func (s *server) Completion(ctx context.Context, params *protocol.CompletionParams) (protocol.CompletionResult, error) {
	snap, err := s.snapshot(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	enc := s.encoding()
	off := cursor(snap, params.Position, enc)
	req := s.newCompletionRequest(snap, off)
	req.Invoked, req.List = params.Context.TriggerKind == protocol.CompletionTriggerKindInvoked, true
	jsonrpc2.Async(ctx)

	suggestions, end, err := s.complete(ctx, snap, req)
	if err != nil {
		return nil, err
	}
	word := wordBefore(snap.Text, off)
	items := make([]protocol.CompletionItem, 0, len(suggestions))
	for i, sg := range suggestions {
		items = append(items, completionItem(snap, off, end, word, sg, i, enc))
		if sg.ID != "" {
			s.sent.note(sg.ID, sg.Text)
		}
	}
	if len(items) > 0 {
		s.listed.note(snap, off-len(word), end, word, suggestions)
	}
	// A list with items is incomplete, so that the client asks again as
	// the user types: the engine answers at once while the typing follows
	// the suggestion, and asks the model anew when it departs from it. An
	// empty list is complete: Helix shows the menu once the first server
	// answers with items or with an incomplete list, so an empty incomplete
	// list from lspilot, often the fastest, would hide the items of a
	// slower server.
	return &protocol.CompletionList{IsIncomplete: len(items) > 0, Items: items}, nil
}

// completionItem is the list item of suggestion sg, the i-th of its reply,
// for a cursor at off after word, replacing the text up to end. Its fields suit clients that have no
// inline completion:
//   - Kind is Text: Helix treats a Snippet item as snippet syntax whatever
//     its insertTextFormat, which eats "$" and "\" in code and re-indents
//     the lines; Text shows as "text" in Helix and as plain text elsewhere.
//   - InsertTextFormat is PlainText and InsertTextMode asIs, so that
//     clients insert the lines exactly, with the indentation they carry,
//     adding none of their own.
//   - The TextEdit replaces the word before the cursor (and the closers a
//     suggestion ends with, up to end) with the word plus the
//     suggestion, and FilterText is that text: as the user types on, the
//     client's filter, the word so far, is a prefix of it.
//   - Preselect and a SortText below the usual digits and letters keep the
//     first suggestion at the top: Helix ranks preselected items before
//     the others that match, and orders each server's items by SortText.
//   - Label is the first line, marked " …" when more follow; Documentation
//     shows the whole text.
//   - Command reports acceptance to clients that run item commands; for
//     those that do not (Helix 25.07), listedItems learns it from the edit.
func completionItem(snap *textdoc.Snapshot, off, end int, word string, sg complete.Suggestion, i int, enc textdoc.Encoding) protocol.CompletionItem {
	text := word + sg.Text
	label, multi := labelOf(text)
	if multi {
		label += " …"
	}
	item := protocol.CompletionItem{
		Label:            label,
		Kind:             protocol.CompletionItemKindText,
		Detail:           protocol.NewOptional("lspilot"),
		Documentation:    &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: fence(snap.LanguageID, sg.Text)},
		Preselect:        protocol.NewOptional(i == 0),
		SortText:         protocol.NewOptional(fmt.Sprintf("!%02d", i)),
		FilterText:       protocol.NewOptional(text),
		InsertTextFormat: protocol.InsertTextFormatPlainText,
		InsertTextMode:   protocol.InsertTextModeAsIs,
		TextEdit: &protocol.TextEdit{
			Range:   protoRange(snap, off-len(word), max(end, off), enc),
			NewText: text,
		},
	}
	if sg.ID != "" {
		item.Command = protocol.Command{Title: "accept", Command: CommandAcceptCompletion, Arguments: []protocol.LSPAny{jsonString(sg.ID)}}
	}
	return item
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

// wordBefore returns the word characters right before off (letters, digits,
// combining marks and underscores, as editors delimit a word to filter
// items with); invalid UTF-8 ends the word.
func wordBefore(text string, off int) string {
	i := off
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:i])
		if r == utf8.RuneError && n <= 1 || !isWordRune(r) {
			break
		}
		i -= n
	}
	return text[i:off]
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// fence renders code as a markdown code block whose info string is the
// editor's language id, with a line break after the code whether or not it
// ends with one.
func fence(id, code string) string {
	f := lang.FenceFor(id, code)
	return f.Open() + "\n" + code + "\n" + f.Close()
}
