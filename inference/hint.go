package inference

import (
	"fmt"
	"strings"
)

// hint says what the user can do about e.
func (o Origin) hint(e *BackendError) string {
	switch e.Kind {
	case ErrUnreachable:
		return o.unreachableHint(e)
	case ErrModelNotFound:
		return o.modelHint()
	case ErrNoFIM:
		return "this model has no FIM template; use a base code model or set `fim.template`"
	case ErrUnauthorized:
		if o.KeySource == "" {
			return "the server wants an API key: set apiKeyEnv or apiKeyFile"
		}
		return "check the API key from " + o.KeySource
	case ErrRateLimited:
		return "the server is rate limiting" + retryIn(e)
	case ErrUnavailable:
		return "the server is busy or still loading the model" + retryIn(e)
	case ErrServer:
		return "see the server log"
	case ErrUnsupported:
		if o.URL == "" {
			return ""
		}
		return fmt.Sprintf("the server at %s does not offer this; check that `kind` (%s) matches it", o.shownURL(), o.kindName())
	case ErrContextOverflow:
		return "the prompt does not fit the model's context window; shrink the context budget or raise num_ctx"
	case ErrStalled:
		return fmt.Sprintf("the server sent nothing for %v; raise idle_timeout if it is slow, else check the server", o.IdleTimeout)
	case ErrMalformed:
		return fmt.Sprintf("the server at %s does not speak the %s protocol; check `kind` and `url`", o.shownURL(), o.kindName())
	case ErrLineTooLong:
		return fmt.Sprintf("a line exceeded %d bytes; raise maxLineBytes if the server is right", o.MaxLine)
	case ErrTruncated:
		return "the connection broke mid-stream; check the server log"
	case ErrTimeout:
		return "raise the backend timeout or check the server load"
	}
	return ""
}

func (o Origin) unreachableHint(e *BackendError) string {
	if !refused(e.Err) {
		return fmt.Sprintf("the connection to %s failed; check that the server is up", o.shownURL())
	}
	if o.Kind == KindOllama {
		return fmt.Sprintf("is Ollama running at %s? start it with `ollama serve`", o.shownURL())
	}
	return fmt.Sprintf("is the %s server running at %s? check `url`", o.kindName(), o.shownURL())
}

func (o Origin) modelHint() string {
	switch o.Kind {
	case KindOllama:
		return fmt.Sprintf("run `ollama pull %s`", o.Model)
	case KindLlamaCpp:
		return "llama-server serves the model it was started with (-m); check `model`"
	}
	base := strings.TrimSuffix(strings.TrimSuffix(o.shownURL(), "/"), "/v1")
	return fmt.Sprintf("check the model name %q against %s/v1/models", o.Model, base)
}

// shownURL is the server's URL as hints show it: without credentials.
func (o Origin) shownURL() string { return DisplayURL(o.URL) }

func (o Origin) kindName() string {
	if o.Kind == KindDetect {
		return "configured"
	}
	return string(o.Kind)
}

func retryIn(e *BackendError) string {
	if e.RetryAfter <= 0 {
		return ""
	}
	return fmt.Sprintf("; retry after %v", e.RetryAfter)
}
