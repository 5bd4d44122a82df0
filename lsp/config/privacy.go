package config

import (
	"slices"

	"github.com/lspilot/lspilot/inference/privacy"
)

// Privacy says which files never reach a backend.
type Privacy struct {
	// Exclude adds glob patterns to the built-in ones (privacy.Builtin),
	// which cannot be removed. Lists from every configuration layer add
	// up: a client can exclude more files, never fewer.
	Exclude []string `json:"exclude"`
}

// validate names the patterns that do not compile.
func (c Privacy) validate() []*KeyError {
	var errs []*KeyError
	for _, p := range c.Exclude {
		if err := privacy.Check(p); err != nil {
			errs = append(errs, &KeyError{Key: "privacy.exclude", Err: err})
		}
	}
	return errs
}

// Matcher compiles the built-in patterns and c's.
func (c Privacy) Matcher() (*privacy.Matcher, error) {
	return privacy.New(c.Exclude)
}

// unionExcludes returns merged with privacy.exclude set to the lists of
// every layer together, where merging alone would let a higher layer's list
// replace a lower one's. A value that is not a list is left for decoding to
// report.
func unionExcludes(merged layer, layers []layer) layer {
	var all []any
	for _, l := range layers {
		p, _ := l["privacy"].(layer)
		switch v := p["exclude"].(type) {
		case nil:
		case []any:
			all = append(all, v...)
		default:
			return merged
		}
	}
	if all == nil {
		return merged
	}
	p, _ := merged["privacy"].(layer)
	p = clone(p)
	p["exclude"] = slices.Clone(all)
	out := clone(merged)
	out["privacy"] = p
	return out
}

// clone copies a layer, making a nil one empty.
func clone(l layer) layer {
	out := layer{}
	for k, v := range l {
		out[k] = v
	}
	return out
}
