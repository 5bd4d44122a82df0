package inference

import (
	"net/url"
	"regexp"
	"strings"
)

// Redacted replaces a secret in text that is shown or logged.
const Redacted = "[redacted]"

// secretShapes match what looks like a credential whatever key is
// configured: bearer tokens, OpenAI-style sk- keys, passwords in URLs, and
// the value of a key=value or "key": "value" pair whose name says it holds
// a key, token, secret or password.
var secretShapes = []struct {
	re   *regexp.Regexp
	repl string
}{
	{regexp.MustCompile(`(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]{4,}`), "$1 " + Redacted},
	{regexp.MustCompile(`\bsk-[A-Za-z0-9_-]{8,}`), Redacted},
	{regexp.MustCompile(`://[^/\s:@]+:[^/\s@]+@`), "://" + Redacted + "@"},
	{regexp.MustCompile(`(?i)([a-z_-]*(?:api[_-]?key|token|secret|password|passwd))(["']?\s*[:=]\s*["']?)[^\s"',;}&]{4,}`),
		"$1$2" + Redacted},
}

// Redact returns s with every occurrence of the secrets, and anything that
// looks like a credential, replaced by [Redacted]. Empty secrets are ignored.
func Redact(s string, secrets ...string) string {
	for _, k := range secrets {
		if k != "" {
			s = strings.ReplaceAll(s, k, Redacted)
		}
	}
	for _, sh := range secretShapes {
		s = sh.re.ReplaceAllString(s, sh.repl)
	}
	return s
}

// RedactError returns err unchanged when its text holds nothing to redact,
// else an error whose text is redacted and which still matches err's chain
// with errors.Is and errors.As. Code that prints an error found deeper in
// the chain must redact it again.
func RedactError(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if red := Redact(msg, secrets...); red != msg {
		return &redactedError{msg: red, err: err}
	}
	return err
}

// redactedError shows a redacted text for an error that held a secret.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// DisplayURL returns raw fit to show or log: a URL loses any user and
// password and its fragment, and its query is redacted of what looks like a
// credential; anything else is redacted as text.
func DisplayURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return Redact(raw)
	}
	u.User, u.Fragment = nil, ""
	u.RawQuery = Redact(u.RawQuery)
	return u.String()
}
