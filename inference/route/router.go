package route

import (
	"cmp"
	"slices"
	"sync"
	"time"

	"github.com/lspilot/lspilot/inference"
)

// Router orders a Group's replicas for each request by the prompt prefix
// they hold and by load, skips failing replicas with circuit breakers, and
// learns from every attempt what each replica was sent. It is a
// Picker and Tracker for one Group, safe for concurrent
// use.
type Router struct {
	cfg RouterConfig

	mu      sync.Mutex
	tree    Tree[byte]                   // guarded by mu
	reps    []replica                    // guarded by mu
	pending map[attemptKey]attemptRecord // guarded by mu
	key     []byte                       // guarded by mu; scratch
	match   []int                        // guarded by mu; scratch
	swept   time.Time                    // guarded by mu; last TTL sweep
}

// replica is what the Router knows of one replica; guarded by Router.mu.
type replica struct {
	inflight, requests, failures int
	matched, sent                int64 // key bytes held before each attempt, and sent
	cached, prompt               int64 // tokens, from servers that report them
	reported                     int
	brk                          breaker
	recent                       []uint64 // ring of the latest insertions' sequence numbers
	window                       reuseWindow
}

// attemptKey names an attempt in flight; attemptRecord is what Start learnt.
type attemptKey struct {
	req     *inference.Request
	replica int
}

type attemptRecord struct {
	predicted float64
	probe     bool
}

// NewRouter returns a Router with cfg's settings.
func NewRouter(cfg RouterConfig) *Router {
	cfg = cfg.withDefaults()
	return &Router{cfg: cfg, pending: make(map[attemptKey]attemptRecord), swept: cfg.Clock.Now()}
}

// Pick orders replicas 0..n-1 for req: replicas whose breaker is open (or
// half-open with its probe in flight) come last. Among the others, the one
// holding the longest prefix of req's key comes first if that prefix is at
// least CacheThreshold of the key and the replica is not overloaded (see
// RouterConfig.BalanceAbs); the rest follow by load, then by longer prefix when
// some replica's passes the threshold and by fewer remembered bytes (more
// room) when none does, then by index. A nil req is ordered by health, load
// and room alone.
func (r *Router) Pick(req *inference.Request, n int) []int {
	order := make([]int, n)
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.cfg.Clock.Now()
	r.prepare(n, now)
	r.key = AppendKey(r.key[:0], req)
	r.match = r.tree.Match(r.key, r.match)
	r.rank(order, now)
	return order
}

// Held returns how many bytes of req's key the replica that Pick would put
// first holds, for a WarmPolicy.
func (r *Router) Held(req *inference.Request) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reps) == 0 {
		return 0
	}
	now := r.cfg.Clock.Now()
	r.prepare(len(r.reps), now)
	order := make([]int, len(r.reps))
	r.key = AppendKey(r.key[:0], req)
	r.match = r.tree.Match(r.key, r.match)
	r.rank(order, now)
	return r.matched(order[0])
}

// rank fills order with replica indexes, best first, from r.match and
// r.key.
func (r *Router) rank(order []int, now time.Time) {
	avail := func(i int) bool { return r.reps[i].brk.available(now) }
	anyAvail := false
	for i := range order {
		anyAvail = anyAvail || avail(i)
	}
	minLoad, best := -1, -1
	for i := range order {
		order[i] = i
		if anyAvail && !avail(i) {
			continue
		}
		load := r.reps[i].inflight
		if minLoad < 0 || load < minLoad {
			minLoad = load
		}
		if m := r.matched(i); m > 0 && (best < 0 || m > r.matched(best) ||
			m == r.matched(best) && load < r.reps[best].inflight) {
			best = i
		}
	}
	byMatch := best >= 0 && float64(r.matched(best)) >= r.cfg.CacheThreshold*float64(len(r.key))
	if !byMatch || r.imbalanced(r.reps[best].inflight, minLoad) {
		best = -1
	}
	slices.SortFunc(order, func(a, b int) int {
		switch {
		case a == b:
			return 0
		case a == best:
			return -1
		case b == best:
			return 1
		case anyAvail && avail(a) != avail(b):
			if avail(a) {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(r.reps[a].inflight, r.reps[b].inflight); c != 0 {
			return c
		}
		if c := cmp.Compare(r.matched(b), r.matched(a)); byMatch && c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(r.tree.Size(a), r.tree.Size(b)), cmp.Compare(a, b))
	})
}

// imbalanced reports whether a replica with load in flight is overloaded
// next to one with minLoad.
func (r *Router) imbalanced(load, minLoad int) bool {
	return load-minLoad > r.cfg.BalanceAbs && float64(load) > r.cfg.BalanceRel*float64(minLoad)
}

func (r *Router) matched(i int) int {
	if i < len(r.match) {
		return r.match[i]
	}
	return 0
}

// prepare makes room for n replicas and ages entries out when a sweep is
// due.
func (r *Router) prepare(n int, now time.Time) {
	for len(r.reps) < n {
		r.reps = append(r.reps, replica{})
	}
	if ttl := r.cfg.TTL; ttl > 0 && now.Sub(r.swept) >= ttl/16 {
		r.tree.EvictOlder(now.Add(-ttl))
		r.swept = now
	}
}

// bound evicts what replica i can no longer hold after an insertion.
func (r *Router) bound(i int) {
	if r.tree.Size(i) > r.cfg.MaxBytesPerReplica {
		r.tree.EvictSize(i, r.cfg.MaxBytesPerReplica/16*15)
	}
	n := r.cfg.PromptsPerReplica
	if n <= 0 {
		return
	}
	rep := &r.reps[i]
	if len(rep.recent) < n {
		rep.recent = append(rep.recent, r.tree.Seq())
		return
	}
	copy(rep.recent, rep.recent[1:])
	rep.recent[n-1] = r.tree.Seq()
	r.tree.EvictBefore(i, rep.recent[0])
}
