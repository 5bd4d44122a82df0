package lsp

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference/complete"
)

// Editor feedback about inline suggestions, in the shape GitHub Copilot's
// language server uses, so that editors wired for it work unchanged.
const (
	// MethodDidShowCompletion is sent by the editor when it shows an inline
	// suggestion: params {item: InlineCompletionItem}.
	MethodDidShowCompletion = "textDocument/didShowCompletion"
	// MethodDidPartiallyAcceptCompletion is sent when the user accepts part
	// of a suggestion (a word, a line): params {item, acceptedLength}.
	MethodDidPartiallyAcceptCompletion = "textDocument/didPartiallyAcceptCompletion"
	// CommandAcceptCompletion is the command each suggestion carries; the
	// editor runs it when the user accepts the suggestion.
	CommandAcceptCompletion = "lspilot.acceptCompletion"
)

// completionFeedback is the params of the feedback notifications.
type completionFeedback struct {
	Item struct {
		Command struct {
			Arguments []protocol.LSPAny `json:"arguments"`
		} `json:"command"`
	} `json:"item"`
	AcceptedLength int `json:"acceptedLength"`
}

// Request implements protocol.Server for methods outside the specification:
// Copilot's next-edit request and the feedback notifications; anything else
// is not found.
func (s *server) Request(ctx context.Context, method string, params any) (any, error) {
	var f complete.Feedback
	raw, _ := params.(protocol.LSPAny)
	switch method {
	case MethodCopilotInlineEdit:
		return s.copilotInlineEdit(ctx, raw)
	case MethodDidShowInlineEdit:
		return nil, s.didShowInlineEdit(raw)
	case MethodDidShowCompletion:
		f = complete.FeedbackShown
	case MethodDidPartiallyAcceptCompletion:
		f = complete.FeedbackPartiallyAccepted
	default:
		return nil, methodNotFound(method)
	}
	var p completionFeedback
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, invalidParams(method, err)
	}
	id := suggestionID(p.Item.Command.Arguments)
	s.report(id, f)
	if f == complete.FeedbackPartiallyAccepted {
		s.reportAcceptedChars(p.AcceptedLength)
	}
	return nil, nil
}

// acceptCompletion runs CommandAcceptCompletion.
func (s *server) acceptCompletion(params *protocol.ExecuteCommandParams) (protocol.LSPAny, error) {
	id := suggestionID(params.Arguments)
	if s.listed.first(id) { // else the edit that inserted it was reported
		s.report(id, complete.FeedbackAccepted)
		s.reportAcceptedChars(s.sent.chars(id))
	}
	return protocol.LSPAny("null"), nil
}

// AcceptedCharsReporter is implemented by completers that count the
// characters of accepted suggestions.
type AcceptedCharsReporter interface {
	// ReportAcceptedChars records that the user took n characters of a
	// suggestion: the acceptedLength of a partial acceptance, or the
	// characters of the suggestion as last sent for a whole one.
	ReportAcceptedChars(n int)
}

// reportAcceptedChars passes n accepted characters to a completer that
// counts them.
func (s *server) reportAcceptedChars(n int) {
	if r, ok := s.features.Load().Completer.(AcceptedCharsReporter); ok && n > 0 {
		r.ReportAcceptedChars(n)
	}
}

// report passes feedback about suggestion id to a completer that wants it;
// the id goes to the log.
func (s *server) report(id string, f complete.Feedback) {
	if obs, ok := s.features.Load().Completer.(CompletionObserver); ok {
		obs.Report(f)
	}
	s.logger.Debug("suggestion feedback", zap.String("id", id), zap.Int("kind", int(f)))
}

// suggestionID reads the id from a command's arguments.
func suggestionID(args []protocol.LSPAny) string {
	var id string
	if len(args) > 0 {
		json.Unmarshal([]byte(args[0]), &id)
	}
	return id
}

// jsonString encodes s for an LSPAny.
func jsonString(s string) protocol.LSPAny {
	b, _ := json.Marshal(s)
	return b
}
