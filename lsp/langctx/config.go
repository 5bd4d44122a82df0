package langctx

import (
	"os/exec"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference/privacy"
)

// Config configures a Manager. Zero values take the defaults below.
type Config struct {
	// Root is the workspace root directory, absolute.
	Root string
	// Servers overrides the command of a language id's server; an empty
	// command turns that language off. Languages it does not name use
	// DefaultServers.
	Servers map[string][]string
	// Private says which files are never read; nil takes the built-in
	// patterns.
	Private *privacy.Matcher
	// Logger receives the Manager's logs; nil discards them.
	Logger *zap.Logger

	// MaxBytes bounds the snippets of one request together.
	MaxBytes int
	// SnippetLines and SnippetBytes bound one snippet.
	SnippetLines, SnippetBytes int
	// MaxIdents bounds the identifiers asked about for one request.
	MaxIdents int
	// LinesAbove and LinesBelow are how many lines above and below the
	// cursor's are searched for identifiers.
	LinesAbove, LinesBelow int
	// Deadline bounds one background resolution.
	Deadline time.Duration
	// CacheSize bounds the snippets and identifier answers cached.
	CacheSize int
	// Backoff paces restarts of a server that ended unasked.
	Backoff Backoff
	// HangAfter is how long a server that lets requests time out may go
	// without answering any before it is taken for hung and restarted.
	HangAfter time.Duration
	// LookPath finds a command; nil uses exec.LookPath.
	LookPath func(string) (string, error)
	// Env, when set, replaces the servers' environment.
	Env []string
	// Now tells the time; nil uses time.Now.
	Now func() time.Time
}

// Backoff paces restarts: the n-th consecutive restart waits Min·2ⁿ⁻¹,
// at most Max; after MaxRestarts consecutive failures the server is left
// failed until the Manager is made again. A run that lasted Stable resets
// the count.
type Backoff struct {
	Min, Max, Stable time.Duration
	MaxRestarts      int
}

// Delay returns the wait before the n-th consecutive restart (n ≥ 1).
func (b Backoff) Delay(n int) time.Duration {
	d := b.Min
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// Defaults.
const (
	DefaultMaxBytes     = 3072
	DefaultSnippetLines = 30
	DefaultSnippetBytes = 1200
	DefaultMaxIdents    = 128
	DefaultLinesAbove   = 40
	DefaultLinesBelow   = 20
	DefaultDeadline     = 3 * time.Second
	DefaultCacheSize    = 1024
	DefaultHangAfter    = 30 * time.Second
)

// DefaultBackoff is the restart pace when Config.Backoff is zero.
var DefaultBackoff = Backoff{Min: 500 * time.Millisecond, Max: 30 * time.Second, Stable: time.Minute, MaxRestarts: 6}

// DefaultServers are the commands tried for each language id, in order:
// the first on PATH is used.
var DefaultServers = map[string][][]string{
	"go":              {{"gopls"}},
	"python":          {{"pyright-langserver", "--stdio"}, {"basedpyright-langserver", "--stdio"}},
	"typescript":      {tsServer},
	"javascript":      {tsServer},
	"typescriptreact": {tsServer},
	"javascriptreact": {tsServer},
	"rust":            {{"rust-analyzer"}},
	"c":               {{"clangd"}},
	"cpp":             {{"clangd"}},
}

var tsServer = []string{"typescript-language-server", "--stdio"}

// withDefaults fills zero values.
func (c Config) withDefaults() Config {
	if c.Logger == nil {
		c.Logger = zap.NewNop()
	}
	if c.Private == nil {
		c.Private, _ = privacy.New(nil) // the built-in patterns compile
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.MaxBytes, DefaultMaxBytes)
	def(&c.SnippetLines, DefaultSnippetLines)
	def(&c.SnippetBytes, DefaultSnippetBytes)
	def(&c.MaxIdents, DefaultMaxIdents)
	def(&c.LinesAbove, DefaultLinesAbove)
	def(&c.LinesBelow, DefaultLinesBelow)
	def(&c.CacheSize, DefaultCacheSize)
	if c.Deadline <= 0 {
		c.Deadline = DefaultDeadline
	}
	if c.HangAfter <= 0 {
		c.HangAfter = DefaultHangAfter
	}
	if c.Backoff == (Backoff{}) {
		c.Backoff = DefaultBackoff
	}
	if c.LookPath == nil {
		c.LookPath = exec.LookPath
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Command returns the command that serves languageID: the configured one,
// else the first default found by lookPath; ok is false when there is none
// (want then lists what was looked for).
func Command(languageID string, servers map[string][]string, lookPath func(string) (string, error)) (cmd, want []string, ok bool) {
	candidates := DefaultServers[languageID]
	if c, set := servers[languageID]; set {
		candidates = [][]string{c}
	}
	for _, c := range candidates {
		if len(c) == 0 {
			continue
		}
		want = append(want, c[0])
		if path, err := lookPath(c[0]); err == nil {
			return append([]string{path}, c[1:]...), want, true
		}
	}
	return nil, want, false
}
