package route

import (
	"sync/atomic"

	"github.com/lspilot/lspilot/inference"
)

// Picker orders the replicas of a Group for each request, best first, and
// learns from outcomes. Implementations are safe for concurrent use.
type Picker interface {
	// Pick returns the order in which to try replicas 0..n-1 for req.
	Pick(req *inference.Request, n int) []int
	// Observe reports how a request went on a replica.
	Observe(replica int, st inference.Stats, err error)
}

// Tracker is implemented by Pickers that want to see every attempt with its
// request, to learn what each replica was sent and how busy it is. A Group
// whose picker is a Tracker calls Start just before each attempt and Done
// when it ends, in place of Observe.
type Tracker interface {
	// Start returns the request to send to replica: req itself, or a copy
	// adapted to that replica (one that pins a llama.cpp slot, say). It
	// never modifies req.
	Start(replica int, req *inference.Request) *inference.Request
	// Done reports how the attempt went; req is what Start returned.
	Done(replica int, req *inference.Request, st inference.Stats, err error)
}

// Sticky is the default Picker: it sends every request to the replica that
// last succeeded, so that its KV cache stays warm, and moves on to the next
// replica after a failure that calls for failover.
type Sticky struct {
	current atomic.Int32
}

// Pick returns the current replica first, then the others in ring order.
func (s *Sticky) Pick(_ *inference.Request, n int) []int {
	start := int(s.current.Load()) % n
	order := make([]int, n)
	for i := range order {
		order[i] = (start + i) % n
	}
	return order
}

// Observe keeps a replica that succeeded and leaves one that failed.
func (s *Sticky) Observe(replica int, _ inference.Stats, err error) {
	switch {
	case err == nil:
		s.current.Store(int32(replica))
	case inference.Failover(err):
		s.current.CompareAndSwap(int32(replica), int32(replica+1))
	}
}

// RoundRobin is the Picker of a load balancer that knows nothing of KV
// caches: each request goes to the next replica. The benchmark compares
// prefix routing with it.
type RoundRobin struct{ next atomic.Uint64 }

// Pick starts each request one replica further than the last.
func (p *RoundRobin) Pick(_ *inference.Request, n int) []int {
	start := int(p.next.Add(1) % uint64(n))
	order := make([]int, n)
	for i := range order {
		order[i] = (start + i) % n
	}
	return order
}

// Observe learns nothing.
func (p *RoundRobin) Observe(int, inference.Stats, error) {}
