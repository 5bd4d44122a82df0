package prompt

import "sync"

// File is a piece of extra context: another buffer, a region around a recent
// edit, or a file the current one depends on.
type File struct {
	// Path is the file's path, preferably relative to the workspace root.
	Path string
	// Text is the content; it is sent as is.
	Text string
}

// Ring holds extra-context chunks in arrival order, oldest first. New chunks
// are appended and the oldest fall off the front, never reshuffled, so the
// context part of successive prompts stays byte-identical until a chunk is
// added. It is safe for concurrent use.
type Ring struct {
	mu     sync.Mutex
	limit  int
	chunks []File // guarded by mu
}

// NewRing returns a Ring that keeps at most limit chunks (at least one).
func NewRing(limit int) *Ring {
	return &Ring{limit: max(limit, 1)}
}

// Add appends a chunk, dropping the oldest when the ring is full. It reports
// false and changes nothing when the chunk is empty or an identical chunk is
// already held: moving it to the end would reshuffle the context and throw
// away the backend's cached prefix for no new information.
func (r *Ring) Add(f File) bool {
	if f.Text == "" {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.chunks {
		if c == f {
			return false
		}
	}
	if len(r.chunks) == r.limit {
		copy(r.chunks, r.chunks[1:])
		r.chunks = r.chunks[:len(r.chunks)-1]
	}
	r.chunks = append(r.chunks, f)
	return true
}

// Chunks returns a copy of the chunks, oldest first.
func (r *Ring) Chunks() []File {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]File(nil), r.chunks...)
}

// Len returns the number of chunks held.
func (r *Ring) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.chunks)
}
