package lsp

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
)

// Observer hears what sessions do, for metrics. Its methods run on the
// request path: they must be cheap and safe for concurrent use. Method
// names it receives come from a fixed set (MethodLabel); nothing it receives
// holds code, paths or URIs.
type Observer interface {
	// Request reports a request answered after d with outcome, one of the
	// Outcome constants.
	Request(method string, d time.Duration, outcome string)
	// Notification reports a notification handled.
	Notification(method string)
	// ClientCancel reports a $/cancelRequest from the editor.
	ClientCancel()
	// KeystrokeToSuggestion reports, for an inline completion reply that
	// carries a suggestion, the time from the arrival of the didChange that
	// made the document version the suggestion was computed on to the
	// reply.
	KeystrokeToSuggestion(d time.Duration)
}

// The outcomes of a request, as Observer.Request receives them.
const (
	OutcomeOK              = "ok"
	OutcomeError           = "error"
	OutcomeCancelled       = "cancelled"
	OutcomeContentModified = "content_modified"
)

// nopObserver is the Observer of sessions without one.
type nopObserver struct{}

func (nopObserver) Request(string, time.Duration, string) {}
func (nopObserver) Notification(string)                   {}
func (nopObserver) ClientCancel()                         {}
func (nopObserver) KeystrokeToSuggestion(time.Duration)   {}

// knownMethods are the methods reported by name; others are "other", since
// a method name is whatever the client sends.
var knownMethods = map[string]bool{}

func init() {
	for _, m := range []string{
		protocol.MethodInitialize, protocol.MethodInitialized, protocol.MethodShutdown, protocol.MethodExit,
		protocol.MethodTextDocumentDidOpen, protocol.MethodTextDocumentDidChange, protocol.MethodTextDocumentDidClose,
		protocol.MethodTextDocumentDidSave, protocol.MethodTextDocumentWillSave,
		protocol.MethodTextDocumentInlineCompletion, protocol.MethodTextDocumentCompletion,
		protocol.MethodCompletionItemResolve, protocol.MethodTextDocumentHover, protocol.MethodTextDocumentCodeAction,
		protocol.MethodCodeActionResolve, protocol.MethodWorkspaceExecuteCommand,
		protocol.MethodWorkspaceDidChangeConfiguration, protocol.MethodWorkspaceDidChangeWorkspaceFolders,
		protocol.MethodWindowWorkDoneProgressCancel, protocol.MethodSetTrace, protocol.MethodCancelRequest,
		MethodDidShowCompletion, MethodDidPartiallyAcceptCompletion,
		MethodCopilotInlineEdit, MethodDidShowInlineEdit,
	} {
		knownMethods[m] = true
	}
}

// MethodLabel returns method when the server knows it, else "other".
func MethodLabel(method string) string {
	if knownMethods[method] {
		return method
	}
	return "other"
}

// outcome classifies the error sent to the client for a request.
func outcome(wire error) string {
	var e *jsonrpc2.Error
	switch {
	case wire == nil:
		return OutcomeOK
	case !errors.As(wire, &e):
		return OutcomeError
	case e.Code == protocol.CodeRequestCancelled:
		return OutcomeCancelled
	case e.Code == protocol.CodeContentModified:
		return OutcomeContentModified
	}
	return OutcomeError
}

// requestIDs names the requests of this process: a random prefix, so that
// ids of different runs differ, and a count.
var requestIDs = struct {
	prefix string
	n      atomic.Uint64
}{prefix: randomPrefix()}

func randomPrefix() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:]) + "-"
}

// newRequestID returns a new request id, unique in this process.
func newRequestID() string {
	var buf [32]byte
	b := append(buf[:0], requestIDs.prefix...)
	return string(strconv.AppendUint(b, requestIDs.n.Add(1), 10))
}

// requestLogger returns the session's logger with the request id of ctx, for
// the lines a request logs.
func (s *server) requestLogger(ctx context.Context) *zap.Logger {
	if id := inference.RequestID(ctx); id != "" {
		return s.logger.With(zap.String("request_id", id))
	}
	return s.logger
}

// sentSuggestions remembers the length of the suggestions a session sent
// last, so that an accepted suggestion, which the editor names by id only,
// counts its characters.
type sentSuggestions struct {
	mu   sync.Mutex
	ring [32]sentSuggestion // guarded by mu
	next int                // guarded by mu
}

type sentSuggestion struct {
	id    string
	chars int
}

// note records that the session sent text as suggestion id.
func (r *sentSuggestions) note(id, text string) {
	if id == "" {
		return
	}
	n := utf8.RuneCountInString(text)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ring[r.next] = sentSuggestion{id: id, chars: n}
	r.next = (r.next + 1) % len(r.ring)
}

// chars returns the characters of the latest suggestion sent as id, 0 when
// it is not remembered.
func (r *sentSuggestions) chars(id string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range r.ring {
		j := (r.next - 1 - i + 2*len(r.ring)) % len(r.ring)
		if r.ring[j].id == id && id != "" {
			return r.ring[j].chars
		}
	}
	return 0
}
