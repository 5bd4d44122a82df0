package gpusim

import "container/list"

// BlockTokens is the number of tokens in one KV cache block, vLLM's default
// block size.
const BlockTokens = 16

// blocksFor is the number of blocks n tokens take.
func blocksFor(n int) int { return (n + BlockTokens - 1) / BlockTokens }

// block is a full block of KV cache in the prefix index, keyed by a hash of
// its tokens chained with its parent's.
type block struct {
	hash uint64
	// refs counts the running sequences holding the block; a block with
	// refs 0 stays cached, in the LRU list, until it is evicted.
	refs int
	elem *list.Element
}

// slotState is what one slot holds between requests: the tokens of its last
// prompt and generation, and the blocks they occupy.
type slotState struct {
	busy     bool
	tokens   []int
	blocks   int
	lastUsed uint64
}

// kvCache is one replica's KV memory: a pool of blocks shared by the prefix
// index (vLLM-style requests) and the slots (llama.cpp- and Ollama-style
// requests), with blocks reserved by running sequences in between. It is
// guarded by the replica's mutex.
type kvCache struct {
	total   int
	free    int
	index   map[uint64]*block
	lru     *list.List // *block with refs 0, least recently used first
	slots   []slotState
	evicted int
	tick    uint64
}

func newKVCache(capacityTokens, slots int) *kvCache {
	n := capacityTokens / BlockTokens
	return &kvCache{total: n, free: n, index: map[uint64]*block{}, lru: list.New(), slots: make([]slotState, slots)}
}

// chainHash is the key of a block of tokens whose parent block has key
// parent (0 for the first block): FNV-1a over the parent key and the tokens.
func chainHash(parent uint64, tokens []int) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	for range 8 {
		h = (h ^ parent&0xff) * prime
		parent >>= 8
	}
	for _, t := range tokens {
		for u, k := uint32(t), 0; k < 4; u, k = u>>8, k+1 {
			h = (h ^ uint64(u&0xff)) * prime
		}
	}
	return h
}

// prefixHits returns the cached blocks that begin tokens, at most limit of
// them.
func (c *kvCache) prefixHits(tokens []int, limit int) []*block {
	var hits []*block
	var parent uint64
	for i := 0; i < limit && (i+1)*BlockTokens <= len(tokens); i++ {
		parent = chainHash(parent, tokens[i*BlockTokens:(i+1)*BlockTokens])
		b, ok := c.index[parent]
		if !ok {
			break
		}
		hits = append(hits, b)
	}
	return hits
}

// available is the number of blocks a reservation could get by evicting
// cached blocks and the content of idle slots other than keep, not counting
// the cached blocks in pinned, which the reservation will hold.
func (c *kvCache) available(keep int, pinned []*block) int {
	n := c.free + c.lru.Len()
	for _, b := range pinned {
		if b.refs == 0 {
			n--
		}
	}
	for i, s := range c.slots {
		if i != keep && !s.busy {
			n += s.blocks
		}
	}
	return n
}

// reserve takes n free blocks, evicting the least recently used cached
// blocks first and then the content of the least recently used idle slots.
// The caller has checked available.
func (c *kvCache) reserve(n int) {
	for c.free < n && c.lru.Len() > 0 {
		b := c.lru.Remove(c.lru.Front()).(*block)
		b.elem = nil
		delete(c.index, b.hash)
		c.free++
		c.evicted++
	}
	for c.free < n {
		victim := -1
		for i, s := range c.slots {
			if !s.busy && s.blocks > 0 && (victim < 0 || s.lastUsed < c.slots[victim].lastUsed) {
				victim = i
			}
		}
		if victim < 0 {
			panic("gpusim: KV reservation beyond what is available")
		}
		s := &c.slots[victim]
		c.free += s.blocks
		c.evicted += s.blocks
		s.tokens, s.blocks = nil, 0
	}
	c.free -= n
}

// pin marks cached blocks as held by one more sequence.
func (c *kvCache) pin(bs []*block) {
	for _, b := range bs {
		if b.refs == 0 && b.elem != nil {
			c.lru.Remove(b.elem)
			b.elem = nil
		}
		b.refs++
	}
}

// commit enters block i of a sequence, whose key is hash, into the index; the
// block was reserved by the sequence. When another sequence already cached
// the same block, the sequence shares it and its reservation goes back to the
// pool. It returns the indexed block, pinned.
func (c *kvCache) commit(hash uint64) *block {
	if b, ok := c.index[hash]; ok {
		c.pin([]*block{b})
		c.free++
		return b
	}
	b := &block{hash: hash, refs: 1}
	c.index[hash] = b
	return b
}

// release unpins a sequence's blocks, tail blocks first so that eviction
// takes the ends of prefixes before their shared beginnings, and returns
// reserved blocks that were never indexed.
func (c *kvCache) release(bs []*block, reserved int) {
	for i := len(bs) - 1; i >= 0; i-- {
		b := bs[i]
		b.refs--
		if b.refs == 0 {
			b.elem = c.lru.PushBack(b)
		}
	}
	c.free += reserved
}

// takeSlot marks slot i busy and gives its blocks back to the pool, for the
// sequence that reuses its content to reserve anew.
func (c *kvCache) takeSlot(i int) {
	s := &c.slots[i]
	s.busy = true
	c.free += s.blocks
	s.blocks = 0
}

// releaseSlot marks slot i idle holding tokens, out of reserved blocks the
// sequence held; the blocks beyond what tokens need go back to the pool.
func (c *kvCache) releaseSlot(i int, tokens []int, reserved int) {
	s := &c.slots[i]
	c.tick++
	s.busy, s.tokens, s.lastUsed = false, tokens, c.tick
	s.blocks = min(blocksFor(len(tokens)), reserved)
	c.free += reserved - s.blocks
}

// used is the number of blocks not free.
func (c *kvCache) used() int { return c.total - c.free }
