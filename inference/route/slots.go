package route

import (
	"sync"
	"time"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
)

// SlotPinner chooses the llama.cpp slot (id_slot) for each request on each
// replica. A slot holds the KV cache of the last prompt it processed and
// reuses its longest common prefix with the next (cache_prompt), so the
// pinner remembers each slot's last prompt key and sends a request to the
// slot sharing most of its key, keeping each editor session on a slot of
// its own so that sessions do not overwrite each other's caches.
//
// The choice, among slots that are idle or busy with the same session (all
// slots if every one is busy):
//
//  1. the session's pinned slot, unless another shares a strictly longer
//     prefix;
//  2. else the slot sharing the longest prefix if it covers at least half
//     the key, llama.cpp's own default similarity threshold;
//  3. else the least recently used slot pinned to no session, then the
//     least recently used slot.
//
// The session is then pinned to the chosen slot, taking it from any other.
// Requests without a session are placed the same way but pin nothing.
//
// Callers set Request.Slot per attempt on a copy of the request: Assign
// returns one, and Release must follow each Assign or Slot. A Router with
// RouterConfig.Slots does both. It is safe for concurrent use.
type SlotPinner struct {
	clk clock.Clock

	mu       sync.Mutex
	replicas [][]slotState // guarded by mu
	key      []byte        // guarded by mu; scratch
}

// slotState is what a slot holds; guarded by SlotPinner.mu.
type slotState struct {
	key     []byte // the last prompt key sent to it
	session string // the session pinned to it
	busy    int    // attempts in flight
	used    time.Time
}

// NewSlotPinner returns a pinner for replicas with the given numbers of
// slots (Capabilities.Slots; 0 for a replica without slots). A nil clk means
// the wall clock.
func NewSlotPinner(clk clock.Clock, slots []int) *SlotPinner {
	if clk == nil {
		clk = clock.Real()
	}
	p := &SlotPinner{clk: clk}
	for i, n := range slots {
		p.SetSlots(i, n)
	}
	return p
}

// SetSlots sets the number of slots of replica, forgetting what they held
// if it changes.
func (p *SlotPinner) SetSlots(replica, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.replicas) <= replica {
		p.replicas = append(p.replicas, nil)
	}
	if len(p.replicas[replica]) != n {
		p.replicas[replica] = make([]slotState, n)
	}
}

// Forget clears what replica's slots hold, as after a server restart.
func (p *SlotPinner) Forget(replica int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if replica < len(p.replicas) {
		clear(p.replicas[replica])
	}
}

// Slot chooses the slot for req on replica, pins req.Session to it and
// records req's key as its content; it returns -1 when the replica has no
// known slots. The slot counts as busy until Release.
func (p *SlotPinner) Slot(replica int, req *inference.Request) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.key = AppendKey(p.key[:0], req)
	return p.take(replica, req, p.key, p.clk.Now())
}

// Assign returns req to send to replica: a copy with Slot set to the slot
// Slot chooses, or req itself when it names a slot already (which is then
// recorded) or the replica has no known slots.
func (p *SlotPinner) Assign(replica int, req *inference.Request) *inference.Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.key = AppendKey(p.key[:0], req)
	return p.assignLocked(replica, req, p.key, p.clk.Now())
}

// assign is Assign with the key computed by the caller.
func (p *SlotPinner) assign(replica int, req *inference.Request, key []byte, now time.Time) *inference.Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.assignLocked(replica, req, key, now)
}

func (p *SlotPinner) assignLocked(replica int, req *inference.Request, key []byte, now time.Time) *inference.Request {
	s := p.take(replica, req, key, now)
	if s < 0 || req.Slot != nil {
		return req
	}
	sent := *req
	sent.Slot = &s
	return &sent
}

// Release ends an attempt that Assign or Slot began: req is the request
// sent, whose Slot says where it went; a slot the server reports in st
// (Stats.Slot) overrides it.
func (p *SlotPinner) Release(replica int, req *inference.Request, st inference.Stats) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.release(replica, req, st)
}

func (p *SlotPinner) release(replica int, req *inference.Request, st inference.Stats) {
	if req.Slot == nil || replica >= len(p.replicas) {
		return
	}
	slots := p.replicas[replica]
	s := *req.Slot
	if s < 0 || s >= len(slots) {
		return
	}
	slots[s].busy = max(slots[s].busy-1, 0)
	if r := st.Slot; r >= 0 && r < len(slots) && r != s {
		slots[r].key = append(slots[r].key[:0], slots[s].key...)
		slots[s].key = slots[s].key[:0]
	}
}

// Pinned returns the slot session is pinned to on replica.
func (p *SlotPinner) Pinned(replica int, session string) (int, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if replica >= len(p.replicas) || session == "" {
		return 0, false
	}
	for i, s := range p.replicas[replica] {
		if s.session == session {
			return i, true
		}
	}
	return 0, false
}
