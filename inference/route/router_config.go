package route

import (
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference/clock"
)

// RouterConfig sets up a Router. Zero fields take the defaults.
type RouterConfig struct {
	// Clock tells the time for ages, cool-downs and probes; default the wall
	// clock.
	Clock clock.Clock
	// Logger hears breaker changes and reuse collapses; default none.
	Logger *zap.Logger

	// BalanceAbs and BalanceRel say when load overrides prefix affinity: a
	// request goes to the replica holding its longest prefix unless that
	// replica's in-flight attempts exceed the least-loaded available
	// replica's both by more than BalanceAbs and by more than BalanceRel
	// times, as in SGLang's router (which compares the busiest and the
	// idlest worker). Defaults 2 and 1.5: one developer rarely has more
	// than a request or two in flight per replica, so a replica three
	// requests deeper than an idle one is worth leaving; a cached prefix is
	// otherwise worth more than the wait. A negative BalanceAbs means 0.
	BalanceAbs int
	BalanceRel float64
	// CacheThreshold is the fraction of a request's key that a replica must
	// hold for affinity to count; below it the request goes by load and
	// then to the replica remembering the fewest bytes, which spreads
	// unrelated prompts (other files, other models) over the replicas'
	// caches. Default 0.3, as SGLang's router; negative means any match
	// counts.
	CacheThreshold float64

	// MaxBytesPerReplica bounds the prompt bytes remembered per replica;
	// once a replica passes it, its least recently sent prefixes go until
	// it holds 15/16 of it. Default 4 MiB, about a million tokens: more
	// than most servers' KV cache, so the server's own eviction (which TTL
	// and PromptsPerReplica model) decides first.
	MaxBytesPerReplica int
	// TTL is how long a replica keeps a prefix after it was last sent,
	// swept every TTL/16. Default 5 minutes, Ollama's keep_alive, after
	// which it unloads the model and its cache. llama.cpp keeps a slot's
	// cache until the slot is reused, and vLLM and SGLang evict under
	// memory pressure; a longer TTL with PromptsPerReplica or
	// MaxBytesPerReplica suits them better. A negative TTL means forever.
	TTL time.Duration
	// PromptsPerReplica, when positive, keeps only what each replica's last
	// so many prompts touched: Ollama keeps only the last prompt per
	// parallel slot (OLLAMA_NUM_PARALLEL, 1 by default) and llama.cpp only
	// its slots' last prompts. 0 keeps everything within TTL and
	// MaxBytesPerReplica, as vLLM and SGLang's radix caches do.
	PromptsPerReplica int

	// Breaker sets the circuit breakers.
	Breaker BreakerConfig

	// Slots, if set, picks a llama.cpp slot for every attempt on a replica
	// that has slots: Start sends a copy of the request with Slot set.
	Slots *SlotPinner

	// OnReuseCollapse, if set, is called (outside the Router's lock) when
	// the reuse a replica's server reports falls far below the reuse the
	// Router predicted, both averaged over the last ReuseWindow attempts
	// whose server reported cached tokens: reported < CollapseRatio ×
	// predicted while predicted ≥ 0.25. It is called once per collapse and
	// again only after reuse has recovered. The Logger warns either way.
	OnReuseCollapse func(replica int, predicted, reported float64)
	// ReuseWindow is the number of reported attempts averaged; default 16.
	ReuseWindow int
	// CollapseRatio is the fraction of predicted reuse below which reported
	// reuse counts as collapsed; default 0.5.
	CollapseRatio float64
}

func (c RouterConfig) withDefaults() RouterConfig {
	if c.Clock == nil {
		c.Clock = clock.Real()
	}
	if c.Logger == nil {
		c.Logger = zap.NewNop()
	}
	switch {
	case c.BalanceAbs == 0:
		c.BalanceAbs = 2
	case c.BalanceAbs < 0:
		c.BalanceAbs = 0
	}
	if c.BalanceRel <= 0 {
		c.BalanceRel = 1.5
	}
	switch {
	case c.CacheThreshold == 0:
		c.CacheThreshold = 0.3
	case c.CacheThreshold < 0:
		c.CacheThreshold = 0
	}
	if c.MaxBytesPerReplica <= 0 {
		c.MaxBytesPerReplica = 4 << 20
	}
	if c.TTL == 0 {
		c.TTL = 5 * time.Minute
	}
	c.Breaker = c.Breaker.withDefaults()
	if c.ReuseWindow <= 0 {
		c.ReuseWindow = 16
	}
	if c.CollapseRatio <= 0 {
		c.CollapseRatio = 0.5
	}
	return c
}

// minPredicted is the predicted reuse below which no collapse is reported:
// with little reuse expected there is little to lose.
const minPredicted = 0.25
