package route

import (
	"context"
	"errors"

	"github.com/lspilot/lspilot/inference"
)

// attempt runs one generation on a candidate.
type attempt func(ctx context.Context, fn func(inference.Chunk) error) (inference.Stats, error)

// failover tries candidates in order until one succeeds, moving on only when
// the failure calls for it (inference.Failover) and no text has reached fn.
// observe, if not nil, hears every outcome, and next, if not nil, every
// failure it moves on from. It returns the index of the candidate whose
// result it returns.
func failover(ctx context.Context, candidates []attempt, fn func(inference.Chunk) error,
	observe func(i int, st inference.Stats, err error), next func(i int, err error)) (int, inference.Stats, error) {
	delivered := false
	wrapped := func(c inference.Chunk) error {
		delivered = true
		return fn(c)
	}
	var (
		st   inference.Stats
		err  error
		errs []error
	)
	for i, try := range candidates {
		st, err = try(ctx, wrapped)
		if observe != nil {
			observe(i, st, err)
		}
		if err == nil || delivered || ctx.Err() != nil || !inference.Failover(err) || i == len(candidates)-1 {
			if err != nil && len(errs) > 0 {
				err = errors.Join(append(errs, err)...)
			}
			return i, st, err
		}
		if next != nil {
			next(i, err)
		}
		errs = append(errs, err)
	}
	return -1, st, err
}
