package langctx

import (
	"context"
	"fmt"

	"go.lsp.dev/jsonrpc2"
)

// poke says the documents changed.
func (s *server) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// flush sends the document changes the server has not seen: didOpen,
// didChange with the full text, didClose.
func (s *server) flush(ctx context.Context, conn jsonrpc2.Conn) error {
	docs := s.m.docsFor(s)
	s.mu.Lock()
	sent := s.sent
	s.mu.Unlock()
	for u, d := range docs {
		if g, ok := sent[u]; ok && g == d.gen {
			continue
		}
		var err error
		if _, ok := sent[u]; !ok {
			var p didOpenParams
			p.TextDocument.URI, p.TextDocument.LanguageID = u, d.lang
			p.TextDocument.Version, p.TextDocument.Text = int32(d.gen), d.text
			err = conn.Notify(ctx, "textDocument/didOpen", p)
		} else {
			var p didChangeParams
			p.TextDocument.URI, p.TextDocument.Version = u, int32(d.gen)
			p.ContentChanges = append(p.ContentChanges, struct {
				Text string `json:"text"`
			}{d.text})
			err = conn.Notify(ctx, "textDocument/didChange", p)
		}
		if err != nil {
			return fmt.Errorf("sync %s: %w", u, err)
		}
		s.markSent(u, d.gen)
	}
	for u := range sent {
		if _, ok := docs[u]; !ok {
			if err := conn.Notify(ctx, "textDocument/didClose", documentParams{textDocumentID{u}}); err != nil {
				return fmt.Errorf("sync %s: %w", u, err)
			}
			s.markSent(u, 0)
		}
	}
	s.mu.Lock()
	close(s.flushed)
	s.flushed = make(chan struct{})
	s.mu.Unlock()
	return nil
}

// markSent records the generation sent for u; 0 forgets a closed one.
func (s *server) markSent(u string, gen uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sent == nil {
		return
	}
	if gen == 0 {
		delete(s.sent, u)
		return
	}
	s.sent[u] = gen
}

// synced waits until the server has seen generation gen of u, or ctx
// ends.
func (s *server) synced(ctx context.Context, u string, gen uint64) error {
	for {
		s.mu.Lock()
		ok := s.conn != nil && s.sent[u] >= gen
		ch := s.flushed
		s.mu.Unlock()
		if ok {
			return nil
		}
		s.poke()
		select {
		case <-ch:
		case <-ctx.Done():
			s.timedOut()
			return ctx.Err()
		}
	}
}
