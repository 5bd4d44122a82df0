package inference

import (
	"context"
	"strings"
)

// Generator streams a generation for a language, failing over between the
// backends that serve it; build makes the request for each backend tried.
// *route.Set implements it.
type Generator interface {
	Generate(ctx context.Context, language string, build func(Backend) (*Request, error),
		fn func(Chunk) error) (Backend, Stats, error)
}

// StreamChat streams the answer to a chat request for language and returns
// it. onText, when not nil, receives the answer so far as it grows. Reading
// stops once the answer passes limit bytes, and what was read is returned
// without error. On an error the text read so far is returned with it.
func StreamChat(ctx context.Context, gen Generator, language string, req Request, limit int,
	onText func(string)) (string, Stats, error) {
	var sb strings.Builder
	_, st, err := gen.Generate(ctx, language, func(Backend) (*Request, error) {
		r := req
		return &r, nil
	}, func(c Chunk) error {
		sb.WriteString(c.Text)
		if onText != nil {
			onText(sb.String())
		}
		if sb.Len() > limit {
			return ErrStop
		}
		return nil
	})
	return sb.String(), st, err
}
