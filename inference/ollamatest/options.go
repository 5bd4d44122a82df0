package ollamatest

import (
	"io"
	"strconv"
	"time"
)

// Option configures a server started by Start or Launch.
type Option func(*options)

type options struct {
	env          map[string]string
	skipLarge    bool
	startTimeout time.Duration
	progress     io.Writer // build output
}

func defaultOptions() options {
	return options{env: map[string]string{}, startTimeout: 60 * time.Second}
}

// WithEnv sets an environment variable of the server, such as OLLAMA_MULTIUSER_CACHE.
func WithEnv(key, value string) Option {
	return func(o *options) { o.env[key] = value }
}

// WithNumParallel sets OLLAMA_NUM_PARALLEL, the number of cache slots per model.
func WithNumParallel(n int) Option {
	return WithEnv("OLLAMA_NUM_PARALLEL", strconv.Itoa(n))
}

// WithNewEngine sets OLLAMA_NEW_ENGINE=1, which runs the models on Ollama's Go engine
// instead of the llama.cpp runner.
func WithNewEngine() Option {
	return WithEnv("OLLAMA_NEW_ENGINE", "1")
}

// WithoutLargeModel skips creating the Large model, which saves writing and uploading
// about 50 MB; Server.LargeModel is then empty.
func WithoutLargeModel() Option {
	return func(o *options) { o.skipLarge = true }
}

// WithBuildProgress sends the output of a first build of the binary to w.
func WithBuildProgress(w io.Writer) Option {
	return func(o *options) { o.progress = w }
}
