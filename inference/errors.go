package inference

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrStop, returned by a Generate callback, ends generation early and
// successfully: Generate closes the stream and returns a nil error with
// Stats.StopReason set to StopClient.
var ErrStop = errors.New("stop generation")

// ErrBusy is matched by the errors of a component in front of a backend
// that turned a request away for lack of room, as the scheduler does when
// its queue is full or a request waited past its deadline. Engines read it
// as a sign of load; it is not a backend failure and does not fail over.
var ErrBusy = errors.New("no room for the request")

// Kinds of backend failure. A *BackendError carries one of them as its Kind
// and matches it with errors.Is.
var (
	// ErrUnreachable: no connection could be made or it broke before the
	// server answered. Retried.
	ErrUnreachable = errors.New("backend unreachable")
	// ErrModelNotFound: the server does not have the model.
	ErrModelNotFound = errors.New("model not found")
	// ErrNoFIM: the model cannot fill in the middle (Ollama template without
	// .Suffix, llama.cpp model without FIM tokens).
	ErrNoFIM = errors.New("model has no fill-in-the-middle support")
	// ErrUnauthorized: the server refused the credentials (401, 403).
	ErrUnauthorized = errors.New("unauthorized")
	// ErrRateLimited: HTTP 429. Retried, honouring Retry-After.
	ErrRateLimited = errors.New("rate limited")
	// ErrUnavailable: HTTP 503, a busy or loading server. Retried,
	// honouring Retry-After.
	ErrUnavailable = errors.New("backend unavailable")
	// ErrServer: another 5xx or an error the server reported mid-stream.
	// 502 and 504 are retried.
	ErrServer = errors.New("server error")
	// ErrBadRequest: another 4xx.
	ErrBadRequest = errors.New("request rejected")
	// ErrUnsupported: the server lacks the endpoint or feature.
	ErrUnsupported = errors.New("not supported")
	// ErrContextOverflow: the prompt does not fit the context window.
	ErrContextOverflow = errors.New("prompt exceeds the context window")
	// ErrStalled: the server sent nothing for longer than the idle timeout.
	ErrStalled = errors.New("stream stalled")
	// ErrMalformed: the server sent something that is not the protocol.
	ErrMalformed = errors.New("malformed stream")
	// ErrLineTooLong: a stream line exceeded the configured bound.
	ErrLineTooLong = errors.New("stream line too long")
	// ErrTruncated: the stream was cut in the middle of a line or the
	// connection broke mid-stream.
	ErrTruncated = errors.New("stream cut short")
	// ErrTimeout: the backend's own request timeout passed.
	ErrTimeout = errors.New("request timed out")
)

// BackendError is a failure of one backend request, with what the user can do
// about it. Its Kind is one of the ErrX kinds above; errors.Is matches both
// the Kind and the underlying Err.
type BackendError struct {
	// Kind is the failure kind, such as ErrModelNotFound.
	Kind error
	// Backend is the configured backend name.
	Backend string
	// Status is the HTTP status, 0 when there was none.
	Status int
	// RetryAfter is the wait the server asked for (429, 503).
	RetryAfter time.Duration
	// Message is the server's own message, bounded in length.
	Message string
	// Hint says what to do about it.
	Hint string
	// Err is the underlying error, if any.
	Err error
}

// Error formats "backend: kind: message (HTTP status); hint".
func (e *BackendError) Error() string {
	var b strings.Builder
	if e.Backend != "" {
		b.WriteString(e.Backend)
		b.WriteString(": ")
	}
	b.WriteString(e.Kind.Error())
	msg := e.Message
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	}
	if msg != "" {
		b.WriteString(": ")
		b.WriteString(msg)
	}
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.Status)
	}
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// Unwrap returns the kind and the underlying error, so that errors.Is matches
// either.
func (e *BackendError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// AsBackendError returns the *BackendError in err's chain, or nil.
func AsBackendError(err error) *BackendError {
	var be *BackendError
	if errors.As(err, &be) {
		return be
	}
	return nil
}

// Retryable reports whether a request that failed with err before any text
// arrived may be sent again: unreachable servers, 429, 503, 502 and 504.
func Retryable(err error) bool {
	be := AsBackendError(err)
	if be == nil {
		return false
	}
	switch be.Kind {
	case ErrUnreachable, ErrRateLimited, ErrUnavailable:
		return true
	case ErrServer:
		return be.Status == 502 || be.Status == 504
	}
	return false
}

// Failover reports whether another replica or backend should be tried after
// err: the server could not take the request at all.
func Failover(err error) bool {
	be := AsBackendError(err)
	if be == nil {
		return false
	}
	switch be.Kind {
	case ErrUnreachable, ErrRateLimited, ErrUnavailable, ErrStalled, ErrTimeout:
		return true
	case ErrServer:
		return be.Status >= 500
	}
	return false
}
