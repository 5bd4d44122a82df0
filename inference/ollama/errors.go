package ollama

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/ollama/ollama/api"

	"github.com/lspilot/lspilot/inference"
)

// mapError turns what api.Client returned, and what the transport saw of the
// exchange x (nil for requests without one), into a typed error. Errors of
// the sink and of a done ctx are returned unchanged for the Runner.
func mapError(ctx context.Context, o inference.Origin, x *exchange, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if x != nil && x.err != nil {
		if errors.Is(x.err, inference.ErrMalformed) {
			return o.Error(inference.ErrMalformed, 0, fmt.Sprintf("line %d of the stream is not JSON", x.line), nil)
		}
		return o.ReadError(x.err)
	}
	if err == nil || errors.Is(err, inference.ErrStop) {
		return err
	}
	var header http.Header
	if x != nil {
		header = x.header
	}
	var se api.StatusError
	var ae api.AuthorizationError
	var ue *url.Error
	switch {
	case errors.As(err, &se):
		return o.HTTPError(se.StatusCode, header, se.ErrorMessage)
	case errors.As(err, &ae):
		return o.HTTPError(ae.StatusCode, header, ae.Status)
	case errors.As(err, &ue):
		return o.TransportError(err)
	case x != nil && x.status != 0:
		// The api client reports an error line inside a stream as a plain
		// error holding the server's message.
		return o.StreamError(err.Error())
	}
	return err
}
