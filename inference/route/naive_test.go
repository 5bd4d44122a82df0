package route

import (
	"fmt"
	"maps"
	"time"
)

// naive is the reference model of a Tree: per owner, every prefix it holds
// with the stamp of its last touch.
type naive struct {
	owners []map[string]stamp
	seq    uint64
	last   int64
}

func (m *naive) grow(owner int) {
	for len(m.owners) <= owner {
		m.owners = append(m.owners, map[string]stamp{})
	}
}

func (m *naive) insert(key []byte, owner int, now time.Time) int {
	m.grow(owner)
	m.seq++
	m.last = max(m.last, now.UnixNano())
	had := m.matchOwner(key, owner)
	for i := 1; i <= len(key); i++ {
		m.owners[owner][string(key[:i])] = stamp{seq: m.seq, at: m.last}
	}
	return had
}

func (m *naive) matchOwner(key []byte, owner int) int {
	if owner >= len(m.owners) {
		return 0
	}
	for i := len(key); i > 0; i-- {
		if _, ok := m.owners[owner][string(key[:i])]; ok {
			return i
		}
	}
	return 0
}

func (m *naive) match(key []byte) []int {
	out := make([]int, len(m.owners))
	for o := range m.owners {
		out[o] = m.matchOwner(key, o)
	}
	return out
}

func (m *naive) evict(owner int, drop func(stamp) bool) {
	for o, held := range m.owners {
		if owner < 0 || o == owner {
			maps.DeleteFunc(held, func(_ string, s stamp) bool { return drop(s) })
		}
	}
}

func (m *naive) len() int {
	all := map[string]bool{}
	for _, held := range m.owners {
		for k := range held {
			all[k] = true
		}
	}
	return len(all)
}

// heldBy returns what owner holds in t, as the naive model keeps it.
func heldBy(t *Tree[byte], owner int) map[string]stamp {
	out := map[string]stamp{}
	var walk func(n *node[byte], prefix []byte)
	walk = func(n *node[byte], prefix []byte) {
		for _, c := range n.children {
			if !c.held(owner) {
				continue
			}
			p := append(prefix[:len(prefix):len(prefix)], c.label...)
			for i := len(prefix) + 1; i <= len(p); i++ {
				out[string(p[:i])] = c.stamps[owner]
			}
			walk(c, p)
		}
	}
	walk(&t.root, nil)
	return out
}

// checkStructure reports the first broken invariant of t's structure and
// accounting.
func checkStructure[E comparable](t *Tree[E]) error {
	sizes := make([]int, len(t.sizes))
	length, nodes := 0, 0
	var walk func(n *node[E]) error
	walk = func(n *node[E]) error {
		if len(n.firsts) != len(n.children) {
			return fmt.Errorf("%d firsts for %d children", len(n.firsts), len(n.children))
		}
		seen := map[E]bool{}
		for i, c := range n.children {
			switch {
			case len(c.label) == 0:
				return fmt.Errorf("empty label")
			case c.parent != n:
				return fmt.Errorf("wrong parent")
			case n.firsts[i] != c.label[0]:
				return fmt.Errorf("firsts[%d] = %v, label starts with %v", i, n.firsts[i], c.label[0])
			case seen[c.label[0]]:
				return fmt.Errorf("two children start with %v", c.label[0])
			case c.unowned():
				return fmt.Errorf("node %v held by nobody", c.label)
			}
			seen[c.label[0]] = true
			nodes++
			length += len(c.label)
			for o, s := range c.stamps {
				if s.seq == 0 {
					continue
				}
				sizes[o] += len(c.label)
				if n == &t.root {
					continue
				}
				if !n.held(o) || n.stamps[o].seq < s.seq || n.stamps[o].at < s.at {
					return fmt.Errorf("owner %d holds %v, newer than its parent %v", o, c.label, n.label)
				}
			}
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(&t.root); err != nil {
		return err
	}
	for o := range sizes {
		if sizes[o] != t.Size(o) {
			return fmt.Errorf("Size(%d) = %d, counted %d", o, t.Size(o), sizes[o])
		}
	}
	if length != t.Len() || nodes != t.Nodes() {
		return fmt.Errorf("Len, Nodes = %d, %d; counted %d, %d", t.Len(), t.Nodes(), length, nodes)
	}
	return nil
}
