package inference

import (
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// maxMessage bounds the server message kept in a BackendError.
const maxMessage = 512

// Origin says where a request went, so that its errors name the backend and
// say what to fix. Backends fill one per request.
type Origin struct {
	// Backend is the configured backend name.
	Backend string
	// Kind is the server protocol.
	Kind BackendKind
	// URL is the server's base URL.
	URL string
	// Model is the model of the request.
	Model string
	// KeySource says where the API key came from ("environment variable
	// OPENAI_API_KEY", "file /etc/key"); empty when no key is configured.
	// It never holds the key.
	KeySource string
	// IdleTimeout and MaxLine appear in the hints of stalls and long lines.
	IdleTimeout time.Duration
	MaxLine     int

	// secret is the API key, redacted from every error built here.
	secret string
}

// WithSecret returns o set to redact key from the errors it builds.
func (o Origin) WithSecret(key string) Origin {
	o.secret = key
	return o
}

// Redact returns s with the origin's key and anything that looks like a
// credential redacted.
func (o Origin) Redact(s string) string { return Redact(s, o.secret) }

// Error builds a BackendError of the given kind with its hint. It is the one
// place backend errors are built: the server's message and the cause are
// redacted of the API key and of anything that looks like a credential
// before they are kept, so no error shown or logged can carry one.
func (o Origin) Error(kind error, status int, msg string, cause error) *BackendError {
	e := &BackendError{
		Kind:    kind,
		Backend: o.Backend,
		Status:  status,
		Message: bound(o.Redact(msg)),
		Err:     RedactError(cause, o.secret),
	}
	e.Hint = o.hint(e)
	return e
}

// HTTPError classifies an error answer: its status, headers (Retry-After) and
// the message the server gave (see ErrorMessage).
func (o Origin) HTTPError(status int, header http.Header, msg string) *BackendError {
	e := o.Error(Classify(status, msg), status, msg, nil)
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		e.RetryAfter = ParseRetryAfter(header.Get("Retry-After"), time.Now())
		e.Hint = o.hint(e)
	}
	return e
}

// StreamError classifies an error the server reported inside a stream.
func (o Origin) StreamError(msg string) *BackendError {
	return o.Error(Classify(0, msg), 0, msg, nil)
}

// TransportError classifies a failure to send the request or to get an
// answer: refused connections, unknown hosts, broken connections.
func (o Origin) TransportError(err error) *BackendError {
	return o.Error(ErrUnreachable, 0, "", err)
}

// ReadError classifies a failure while reading a stream.
func (o Origin) ReadError(err error) *BackendError {
	switch {
	case errors.Is(err, ErrLineTooLong):
		return o.Error(ErrLineTooLong, 0, "", nil)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return o.Error(ErrTruncated, 0, "the stream ended in the middle of a line", err)
	}
	return o.Error(ErrTruncated, 0, "", err)
}

// Classify maps an HTTP status (0 for a mid-stream error) and the server's
// message to an error kind.
func Classify(status int, msg string) error {
	low := strings.ToLower(msg)
	switch {
	case containsAny(low, overflowPhrases):
		return ErrContextOverflow
	case containsAny(low, noFIMPhrases):
		return ErrNoFIM
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return ErrUnauthorized
	case strings.Contains(low, "model_not_found"),
		strings.Contains(low, "model") && containsAny(low, []string{"not found", "does not exist"}):
		return ErrModelNotFound
	case status == http.StatusNotFound || status == http.StatusMethodNotAllowed || status == http.StatusNotImplemented:
		return ErrUnsupported
	case status == http.StatusTooManyRequests:
		return ErrRateLimited
	case status == http.StatusServiceUnavailable:
		return ErrUnavailable
	case status >= 400 && status < 500:
		return ErrBadRequest
	}
	return ErrServer
}

var overflowPhrases = []string{
	"exceed_context_size", "exceeds the available context size", "maximum context length",
	"context_length_exceeded", "exceeds maximum context length", "context window",
	"input length exceeds", "prompt is too long",
}

var noFIMPhrases = []string{
	"does not support insert", "infill is not supported", "suffix is not supported",
	"suffix is not currently supported", "fim is not supported",
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// ParseRetryAfter reads a Retry-After header: seconds or an HTTP date.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		return max(time.Duration(s)*time.Second, 0)
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}

func bound(s string) string {
	s = strings.TrimSpace(s)
	if len(s) <= maxMessage {
		return s
	}
	return s[:maxMessage] + "…"
}

func refused(err error) bool {
	var dns *net.DNSError
	return errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &dns) ||
		errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH)
}
