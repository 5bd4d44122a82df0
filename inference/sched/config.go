package sched

import (
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
)

// numLanes is the number of lanes; requests with an unknown lane are served
// as warm-up work.
const numLanes = int(inference.LaneWarmup) + 1

// Config tunes a Scheduler. Zero fields take the defaults documented on each.
type Config struct {
	// Clock tells time for queue deadlines, cache expiry and batching
	// windows; nil is the wall clock.
	Clock clock.Clock
	// Slots bounds the generations running at once on the backend. 0 reads
	// Capabilities().Slots at every admission (llama.cpp reports its slots)
	// and, while that is unknown, uses DefaultSlots for the backend's kind.
	// For a replica group, give the total over the replicas.
	Slots int
	// QueueLimit bounds the requests waiting for a slot; beyond it new
	// requests are rejected at once with an *OverloadError (default 64).
	QueueLimit int
	// LaneDeadline bounds how long a request of each lane may wait for a
	// slot before it is dropped unstarted with a *DeadlineError. Missing or
	// zero entries take DefaultLaneDeadlines; a negative one waits forever.
	LaneDeadline map[inference.Lane]time.Duration
	// CacheTTL is how long a complete generation answers identical requests
	// (default 300s); negative turns the response cache off.
	CacheTTL time.Duration
	// CacheSize bounds the response cache, least recently used first out
	// (default 1024 entries); negative turns it off.
	CacheSize int
	// Batch configures micro-batching.
	Batch BatchConfig
	// Logger gets debug lines for drops and rejections; nil logs nothing.
	Logger *zap.Logger
	// Observer, when not nil, hears of every generation sent to the
	// backend once it ends.
	Observer Observer
}

// BatchConfig configures micro-batching: requests of one lane that differ only
// by prompt and arrive within Window of the first go out as one
// GenerateBatch of at most MaxPrompts prompts, taking one slot. It applies to
// backends that implement inference.Batcher and report PromptBatches, and to
// completion requests without extra context files.
//
// It is off by default, and it costs every batched request up to Window of
// latency: servers that batch continuously (vLLM, SGLang, llama-server with
// several slots) already merge concurrent requests on the GPU and gain
// nothing from it. It helps servers that take one HTTP request at a time.
type BatchConfig struct {
	// Enabled turns micro-batching on.
	Enabled bool
	// Window is how long a batch gathers requests (default 50ms).
	Window time.Duration
	// MaxPrompts bounds a batch; a full batch leaves at once (default 4).
	MaxPrompts int
}

// DefaultLaneDeadlines are the queue deadlines of the lanes: an inline
// suggestion later than 300ms is typed past, a completion list lingers a
// second, a next edit (asked when typing pauses) a second and a half, hover
// two, a code action that the user asked for may take its time,
// and warm-up is only worth doing while the editor is idle.
var DefaultLaneDeadlines = map[inference.Lane]time.Duration{
	inference.LaneInline:   300 * time.Millisecond,
	inference.LaneList:     time.Second,
	inference.LaneNextEdit: 1500 * time.Millisecond,
	inference.LaneHover:    2 * time.Second,
	inference.LaneAction:   30 * time.Second,
	inference.LaneWarmup:   500 * time.Millisecond,
}

// DefaultSlots is the concurrency used when neither Config.Slots nor the
// backend says: Ollama serves one request per model unless
// OLLAMA_NUM_PARALLEL says otherwise, llama.cpp reports its slots once it has
// been probed and has one by default, and OpenAI-compatible servers (vLLM,
// SGLang) batch continuously, so four keeps a short queue, and with it the
// priorities, on our side without starving the server.
func DefaultSlots(kind inference.BackendKind) int {
	if kind == inference.KindOpenAI {
		return 4
	}
	return 1
}

// Defaults of the other settings.
const (
	DefaultQueueLimit  = 64
	DefaultCacheTTL    = 300 * time.Second
	DefaultCacheSize   = 1024
	DefaultBatchWindow = 50 * time.Millisecond
	DefaultBatchSize   = 4
)

// settings is a Config with its defaults resolved.
type settings struct {
	clock     clock.Clock
	slots     int // 0: ask the backend at every admission
	limit     int
	deadlines [numLanes]time.Duration // <= 0: none
	cacheTTL  time.Duration           // <= 0: no cache
	cacheSize int
	batch     BatchConfig
	logger    *zap.Logger
	observer  Observer // nil: none
}

func (c Config) settings() settings {
	s := settings{clock: c.Clock, slots: c.Slots, limit: c.QueueLimit, cacheTTL: c.CacheTTL,
		cacheSize: c.CacheSize, batch: c.Batch, logger: c.Logger, observer: c.Observer}
	if s.clock == nil {
		s.clock = clock.Real()
	}
	if s.limit <= 0 {
		s.limit = DefaultQueueLimit
	}
	for _, l := range inference.Lanes {
		d := c.LaneDeadline[l]
		if d == 0 {
			d = DefaultLaneDeadlines[l]
		}
		s.deadlines[l] = d
	}
	if s.cacheTTL == 0 {
		s.cacheTTL = DefaultCacheTTL
	}
	if s.cacheSize == 0 {
		s.cacheSize = DefaultCacheSize
	}
	if s.batch.Window <= 0 {
		s.batch.Window = DefaultBatchWindow
	}
	if s.batch.MaxPrompts <= 0 {
		s.batch.MaxPrompts = DefaultBatchSize
	}
	if s.logger == nil {
		s.logger = zap.NewNop()
	}
	return s
}

// laneOf maps a request's lane to a known one: unknown lanes are background
// work.
func laneOf(l inference.Lane) inference.Lane {
	if l < 0 || int(l) >= numLanes {
		return inference.LaneWarmup
	}
	return l
}
