package route

import (
	"io"

	"github.com/lspilot/lspilot/inference"
)

// Close closes the backends that hold resources and returns the first
// error.
func Close(bs ...inference.Backend) error {
	var first error
	for _, b := range bs {
		if c, ok := b.(io.Closer); ok {
			if err := c.Close(); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}
