package llamaservertest

import (
	"io"
	"time"

	"github.com/lspilot/lspilot/inference/ollamatest/tinymodel"
)

// Option configures a server started by Start or Launch.
type Option func(*options)

type options struct {
	model        tinymodel.Config
	slots        int
	context      int
	batch        int
	args         []string
	startTimeout time.Duration
	progress     io.Writer // chroot build output
}

func defaultOptions() options {
	return options{model: tinymodel.Small, slots: 2, context: 8192, startTimeout: time.Minute}
}

// WithSlots sets the number of slots (-np); the default is 2.
func WithSlots(n int) Option {
	return func(o *options) { o.slots = n }
}

// WithContext sets the context size that the slots share (-c); the default
// is 8192, 4096 tokens a slot.
func WithContext(n int) Option {
	return func(o *options) { o.context = n }
}

// WithBatch sets the logical batch size (-b); by default the server's own
// (2048) applies. It bounds what /infill keeps: at most 3/4 of it of the
// prefix and 1/4 of the suffix, and input_extra only in what a slot's context
// leaves beyond the batch size and twice n_predict.
func WithBatch(n int) Option {
	return func(o *options) { o.batch = n }
}

// WithArgs appends arguments to llama-server's command line, such as
// "--cache-reuse", "256" or "--api-key", "k".
func WithArgs(args ...string) Option {
	return func(o *options) { o.args = append(o.args, args...) }
}

// WithBuildProgress sends the output of a first chroot build to w.
func WithBuildProgress(w io.Writer) Option {
	return func(o *options) { o.progress = w }
}
