package nextedit

import (
	"hash/maphash"
	"slices"
	"strings"
	"sync"
)

// offer is an edit the engine answered: Start, End and New against text.
type offer struct {
	id, session, uri string
	path, language   string
	text             string
	start, end       int
	new              string
	shown            bool
}

// final is the document as the offer leaves it.
func (o *offer) final() string { return o.text[:o.start] + o.new + o.text[o.end:] }

// changes returns the lines o changes, each as its old and new text: o's
// lines paired one to one where o keeps their count, else o's whole block
// as one change. An edit that makes only changes a rejected edit made is
// the rejected edit again, or a part of it.
func (o *offer) changes() []string {
	ls := strings.LastIndexByte(o.text[:o.start], '\n') + 1
	le := o.end + strings.IndexByte(o.text[o.end:], '\n')
	if le < o.end {
		le = len(o.text)
	}
	old := o.text[ls:le]
	updated := o.text[ls:o.start] + o.new + o.text[o.end:le]
	ol, nl := strings.Split(old, "\n"), strings.Split(updated, "\n")
	if len(ol) != len(nl) {
		return []string{old + "\x00" + updated}
	}
	var out []string
	for i := range ol {
		if ol[i] != nl[i] {
			out = append(out, ol[i]+"\x00"+nl[i])
		}
	}
	return out
}

// maxRejected bounds the rejected edits remembered per document.
const maxRejected = 32

// docCache is what the engine remembers of one document.
type docCache struct {
	live     *offer          // the last edit answered, if any
	rejected [][]string      // the changes of rejected offers, oldest first
	noEdit   uint64          // hash of the text that the regions below had no edit for
	noEditAt map[int]bool    // first lines of regions without an edit
	prefetch *prefetchResult // a prefetched answer, if any
}

// prefetchResult is an answer computed ahead for a document text.
type prefetchResult struct {
	hash   uint64
	line   int // the cursor line it was computed for
	cancel func()
	done   chan struct{} // closed when offer and err are set
	offer  *offer        // nil: no edit
	err    error
}

// cache holds the documents' offers and answers. It is safe for concurrent
// use.
type cache struct {
	seed maphash.Seed

	mu   sync.Mutex
	docs map[string]*docCache // guarded by mu; by session and URI
	byID map[string]*offer    // guarded by mu; live offers
}

func newCache() *cache {
	return &cache{seed: maphash.MakeSeed(), docs: make(map[string]*docCache), byID: make(map[string]*offer)}
}

func docKey(session, uri string) string { return session + "\x00" + uri }

// hash returns the hash of a document text.
func (c *cache) hash(text string) uint64 { return maphash.String(c.seed, text) }

// doc returns the cache of a document, created on first use; c.mu is held.
func (c *cache) doc(session, uri string) *docCache {
	k := docKey(session, uri)
	d := c.docs[k]
	if d == nil {
		d = &docCache{}
		c.docs[k] = d
	}
	return d
}

// setLive makes o the document's live offer, replacing the one before.
func (c *cache) setLive(o *offer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.doc(o.session, o.uri)
	if d.live != nil {
		delete(c.byID, d.live.id)
	}
	d.live = o
	c.byID[o.id] = o
}

// dropLive drops o when it is its document's live offer.
func (c *cache) dropLive(o *offer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d := c.docs[docKey(o.session, o.uri)]; d != nil && d.live == o {
		d.live = nil
		delete(c.byID, o.id)
	}
}

// markShown records that the editor showed o.
func (c *cache) markShown(o *offer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	o.shown = true
}

// live returns the document's live offer.
func (c *cache) live(session, uri string) *offer {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.doc(session, uri).live
}

// find returns the live offer of an id.
func (c *cache) find(id string) *offer {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.byID[id]
}

// reject remembers o as rejected and drops it.
func (c *cache) reject(o *offer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.doc(o.session, o.uri)
	d.rejected = append(d.rejected, o.changes())
	if len(d.rejected) > maxRejected {
		d.rejected = d.rejected[1:]
	}
	if d.live == o {
		d.live = nil
	}
	delete(c.byID, o.id)
}

// wasRejected reports whether the user rejected an edit like o before:
// one that made every change o makes.
func (c *cache) wasRejected(o *offer) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := o.changes()
	if len(ch) == 0 {
		return false
	}
	for _, r := range c.doc(o.session, o.uri).rejected {
		if !slices.ContainsFunc(ch, func(x string) bool { return !slices.Contains(r, x) }) {
			return true
		}
	}
	return false
}

// setNoEdit remembers that the region starting at line of text has no edit.
func (c *cache) setNoEdit(session, uri, text string, line int) {
	h := c.hash(text)
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.doc(session, uri)
	if d.noEdit != h || d.noEditAt == nil {
		d.noEdit, d.noEditAt = h, make(map[int]bool)
	}
	d.noEditAt[line] = true
}

// isNoEdit reports whether the region starting at line of text is known to
// have no edit.
func (c *cache) isNoEdit(session, uri, text string, line int) bool {
	h := c.hash(text)
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.doc(session, uri)
	return d.noEdit == h && d.noEditAt[line]
}

// setPrefetch makes p the document's prefetch, cancelling the one before.
func (c *cache) setPrefetch(session, uri string, p *prefetchResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.doc(session, uri)
	if d.prefetch != nil {
		d.prefetch.cancel()
	}
	d.prefetch = p
}

// prefetchFor returns the document's prefetch, if any.
func (c *cache) prefetchFor(session, uri string) *prefetchResult {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d := c.docs[docKey(session, uri)]; d != nil {
		return d.prefetch
	}
	return nil
}

// dropPrefetch cancels and drops the document's prefetch unless it is for
// the text of hash h.
func (c *cache) dropPrefetch(session, uri string, h uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d := c.docs[docKey(session, uri)]; d != nil && d.prefetch != nil && d.prefetch.hash != h {
		d.prefetch.cancel()
		d.prefetch = nil
	}
}

// forget drops a document.
func (c *cache) forget(session, uri string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := docKey(session, uri)
	if d := c.docs[k]; d != nil {
		if d.live != nil {
			delete(c.byID, d.live.id)
		}
		if d.prefetch != nil {
			d.prefetch.cancel()
		}
	}
	delete(c.docs, k)
}
