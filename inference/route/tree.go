package route

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"time"
	"unsafe"
)

// Tree is a compressed radix tree over key sequences (the bytes of prompts,
// or token ids) shared by several owners, the replicas of a group: each node
// records which owners were sent the prefix it ends and when they last were,
// as SGLang's approximate tree does. One tree serves all replicas so that a
// prefix common to many of them is stored once.
//
// An owner holds every prefix of every key inserted for it until eviction
// takes it away. Ownership is closed under prefixes: an owner that holds a
// node holds its ancestors, and an ancestor was touched no earlier than any
// of its descendants, so eviction removes an owner's deepest, oldest nodes
// first. Nodes split where keys diverge and go when no owner holds them;
// they are not merged again.
//
// Elements compare with ==, except that one-byte types (byte, bool)
// compare by their bits. Owners are small non-negative integers. A Tree is
// not safe for concurrent use; the zero value is an empty tree.
type Tree[E comparable] struct {
	root  node[E]
	sizes []int // elements held per owner
	len   int   // elements stored, shared ones once
	nodes int   // nodes besides the root
	seq   uint64
	last  int64 // latest insertion time, UnixNano; times never go back
}

// node is a tree node; its label is the part of the key after its parent's.
type node[E comparable] struct {
	label    []E
	parent   *node[E]
	firsts   []E        // firsts[i] == children[i].label[0]
	children []*node[E] // unordered
	stamps   []stamp    // per owner; a zero seq means not held
}

// stamp is when an owner last touched a node: the insertion sequence number
// orders touches, the time ages them.
type stamp struct {
	seq uint64
	at  int64
}

func (n *node[E]) child(e E) *node[E] {
	if i := slices.Index(n.firsts, e); i >= 0 {
		return n.children[i]
	}
	return nil
}

func (n *node[E]) held(owner int) bool {
	return owner < len(n.stamps) && n.stamps[owner].seq != 0
}

func (n *node[E]) unowned() bool {
	for _, s := range n.stamps {
		if s.seq != 0 {
			return false
		}
	}
	return true
}

// Insert records that owner was sent key at now and returns how much of key
// the owner held before. A now earlier than a previous insertion's counts as
// that one.
func (t *Tree[E]) Insert(key []E, owner int, now time.Time) (had int) {
	t.grow(owner)
	t.seq++
	t.last = max(t.last, now.UnixNano())
	s := stamp{seq: t.seq, at: t.last}
	n, i, counting := &t.root, 0, true
	for i < len(key) {
		c := n.child(key[i])
		if c == nil {
			leaf := &node[E]{label: slices.Clone(key[i:]), parent: n}
			n.firsts = append(n.firsts, key[i])
			n.children = append(n.children, leaf)
			t.nodes++
			t.len += len(leaf.label)
			t.own(leaf, owner, s)
			return had
		}
		l := commonPrefix(c.label, key[i:])
		if l < len(c.label) {
			c = t.split(c, l)
		}
		if counting && c.held(owner) {
			had += l
		} else {
			counting = false
		}
		t.own(c, owner, s)
		i += l
		n = c
	}
	return had
}

// split cuts c's label after l elements and returns the new upper node,
// which takes c's place under its parent and keeps its stamps.
func (t *Tree[E]) split(c *node[E], l int) *node[E] {
	up := &node[E]{label: c.label[:l:l], parent: c.parent, stamps: slices.Clone(c.stamps)}
	p := c.parent
	p.children[slices.Index(p.children, c)] = up
	c.label = c.label[l:]
	c.parent = up
	up.firsts = []E{c.label[0]}
	up.children = []*node[E]{c}
	t.nodes++
	return up
}

func (t *Tree[E]) own(n *node[E], owner int, s stamp) {
	for len(n.stamps) <= owner {
		n.stamps = append(n.stamps, stamp{})
	}
	if n.stamps[owner].seq == 0 {
		t.sizes[owner] += len(n.label)
	}
	n.stamps[owner] = s
}

func (t *Tree[E]) grow(owner int) {
	if owner < 0 {
		panic("route: negative owner")
	}
	for len(t.sizes) <= owner {
		t.sizes = append(t.sizes, 0)
	}
}

// Match returns, per owner, the length of the longest prefix of key that the
// owner holds, indexed by owner and as long as Owners. It reuses into's
// storage.
func (t *Tree[E]) Match(key []E, into []int) []int {
	into = append(into[:0], make([]int, len(t.sizes))...)
	n, i := &t.root, 0
	for i < len(key) {
		c := n.child(key[i])
		if c == nil {
			break
		}
		l := commonPrefix(c.label, key[i:])
		for o, s := range c.stamps {
			if s.seq != 0 {
				into[o] = i + l
			}
		}
		if l < len(c.label) {
			break
		}
		i += l
		n = c
	}
	return into
}

// MatchOwner returns the length of the longest prefix of key that owner
// holds.
func (t *Tree[E]) MatchOwner(key []E, owner int) int {
	n, i := &t.root, 0
	for i < len(key) {
		c := n.child(key[i])
		if c == nil || !c.held(owner) {
			break
		}
		l := commonPrefix(c.label, key[i:])
		i += l
		if l < len(c.label) {
			break
		}
		n = c
	}
	return i
}

// Owners returns one more than the largest owner ever inserted.
func (t *Tree[E]) Owners() int { return len(t.sizes) }

// Size returns the number of elements owner holds: the sum of the lengths of
// the distinct prefixes it was sent, each counted once.
func (t *Tree[E]) Size(owner int) int {
	if owner < 0 || owner >= len(t.sizes) {
		return 0
	}
	return t.sizes[owner]
}

// Len returns the number of elements stored; a prefix several owners share
// counts once.
func (t *Tree[E]) Len() int { return t.len }

// Nodes returns the number of nodes, the root aside.
func (t *Tree[E]) Nodes() int { return t.nodes }

// Seq returns the sequence number of the latest insertion, which
// EvictBefore takes; the first insertion's is 1.
func (t *Tree[E]) Seq() uint64 { return t.seq }

// commonPrefix returns the length of the longest common prefix of a and b.
func commonPrefix[E comparable](a, b []E) int {
	n := min(len(a), len(b))
	i := 0
	if unsafe.Sizeof(*new(E)) == 1 {
		// One-byte elements compare equal exactly when their bytes do:
		// compare eight at a time.
		ab := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(a))), n)
		bb := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(b))), n)
		for ; i+8 <= n; i += 8 {
			if x := binary.LittleEndian.Uint64(ab[i:]) ^ binary.LittleEndian.Uint64(bb[i:]); x != 0 {
				return i + bits.TrailingZeros64(x)/8
			}
		}
	}
	for ; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}
