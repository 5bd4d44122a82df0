package route

import (
	"container/heap"
	"slices"
	"time"
)

// EvictOlder takes from every owner what it last touched before cutoff, as
// a server that keeps its cache for a while after the last use (Ollama's
// keep_alive) would lose it. It returns the number of elements the owners
// gave up, counted once per owner.
func (t *Tree[E]) EvictOlder(cutoff time.Time) int {
	c := cutoff.UnixNano()
	return t.evictWhere(&t.root, -1, func(s stamp) bool { return s.at < c })
}

// EvictBefore takes from owner what its insertions numbered below seq
// touched and later ones did not, so that it keeps what its latest
// insertions touched: a server that holds only its last few prompts (one per
// slot) forgets the rest. It returns the number of elements given up.
func (t *Tree[E]) EvictBefore(owner int, seq uint64) int {
	if owner < 0 || owner >= len(t.sizes) {
		return 0
	}
	return t.evictWhere(&t.root, owner, func(s stamp) bool { return s.seq < seq })
}

// evictWhere disowns, below n, the stamps of owner (of every owner if it
// is -1) for which drop is true, deepest nodes first, and removes nodes that
// nobody holds any more. drop must be true of a node's stamp whenever it is
// true of its parent's.
func (t *Tree[E]) evictWhere(n *node[E], owner int, drop func(s stamp) bool) int {
	freed := 0
	for i := len(n.children) - 1; i >= 0; i-- {
		if c := n.children[i]; owner < 0 || c.held(owner) {
			freed += t.evictWhere(c, owner, drop)
		}
	}
	if n == &t.root {
		return freed
	}
	for o, s := range n.stamps {
		if s.seq != 0 && (owner < 0 || o == owner) && drop(s) {
			freed += t.disown(n, o)
		}
	}
	t.prune(n)
	return freed
}

// EvictSize takes from owner its least recently touched prefixes, deepest
// first, until it holds at most limit elements, and returns the number of
// elements it gave up. A node goes whole, so an owner may end below limit.
func (t *Tree[E]) EvictSize(owner, limit int) int {
	if owner < 0 || owner >= len(t.sizes) || t.sizes[owner] <= limit {
		return 0
	}
	h := &leafHeap[E]{owner: owner}
	t.collectLeaves(&t.root, owner, h)
	heap.Init(h)
	freed := 0
	for t.sizes[owner] > limit && h.Len() > 0 {
		n := heap.Pop(h).(*node[E])
		p := n.parent
		freed += t.disown(n, owner)
		t.prune(n)
		if p != &t.root && t.ownerLeaf(p, owner) {
			heap.Push(h, p)
		}
	}
	return freed
}

// Drop takes everything owner holds, as when its server restarted, and
// returns the number of elements it gave up.
func (t *Tree[E]) Drop(owner int) int { return t.EvictSize(owner, 0) }

// collectLeaves appends the nodes below n that owner holds and none of whose
// children it holds.
func (t *Tree[E]) collectLeaves(n *node[E], owner int, h *leafHeap[E]) {
	leaf := true
	for _, c := range n.children {
		if c.held(owner) {
			leaf = false
			t.collectLeaves(c, owner, h)
		}
	}
	if leaf && n != &t.root {
		h.nodes = append(h.nodes, n)
	}
}

func (t *Tree[E]) ownerLeaf(n *node[E], owner int) bool {
	if !n.held(owner) {
		return false
	}
	for _, c := range n.children {
		if c.held(owner) {
			return false
		}
	}
	return true
}

func (t *Tree[E]) disown(n *node[E], owner int) int {
	n.stamps[owner] = stamp{}
	t.sizes[owner] -= len(n.label)
	return len(n.label)
}

// prune removes n from the tree if nobody holds it and it has no children.
func (t *Tree[E]) prune(n *node[E]) {
	if len(n.children) > 0 || !n.unowned() {
		return
	}
	p := n.parent
	i := slices.Index(p.children, n)
	last := len(p.children) - 1
	p.children[i], p.firsts[i] = p.children[last], p.firsts[last]
	p.children[last] = nil
	p.children, p.firsts = p.children[:last], p.firsts[:last]
	n.parent = nil
	t.nodes--
	t.len -= len(n.label)
}

// leafHeap orders an owner's leaves oldest first.
type leafHeap[E comparable] struct {
	owner int
	nodes []*node[E]
}

func (h *leafHeap[E]) Len() int { return len(h.nodes) }
func (h *leafHeap[E]) Less(i, j int) bool {
	return h.nodes[i].stamps[h.owner].seq < h.nodes[j].stamps[h.owner].seq
}
func (h *leafHeap[E]) Swap(i, j int) { h.nodes[i], h.nodes[j] = h.nodes[j], h.nodes[i] }
func (h *leafHeap[E]) Push(x any)    { h.nodes = append(h.nodes, x.(*node[E])) }
func (h *leafHeap[E]) Pop() any {
	last := len(h.nodes) - 1
	n := h.nodes[last]
	h.nodes[last] = nil
	h.nodes = h.nodes[:last]
	return n
}
