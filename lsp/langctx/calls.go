package langctx

import (
	"context"
	"encoding/json"

	"github.com/lspilot/lspilot/lsp/textdoc"
)

// call sends a request to the running server. Requests that time out in a
// row, with no answer for Config.HangAfter, mark the server hung: it is
// ended and restarts. A server busy indexing still answers something now
// and then (a documentSymbol, a definition it knows) and is left alone.
func (s *server) call(ctx context.Context, method string, params any) (json.RawMessage, textdoc.Encoding, error) {
	s.mu.Lock()
	conn, enc := s.conn, s.enc
	s.mu.Unlock()
	if conn == nil {
		return nil, enc, errNotRunning
	}
	var raw json.RawMessage
	_, err := conn.Call(ctx, method, params, &raw)
	if err != nil && ctx.Err() != nil {
		s.timedOut()
		return nil, enc, err
	}
	s.mu.Lock()
	s.timeouts, s.answered = 0, s.m.cfg.Now()
	s.mu.Unlock()
	return raw, enc, err
}

// alive notes a sign of life from the running server.
func (s *server) alive() {
	s.mu.Lock()
	s.answered = s.m.cfg.Now()
	s.mu.Unlock()
}

// timedOut counts a request that timed out, and ends a server that
// stopped answering.
func (s *server) timedOut() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn == nil {
		return
	}
	s.timeouts++
	if s.timeouts >= hungAfter && s.m.cfg.Now().Sub(s.answered) >= s.m.cfg.HangAfter {
		s.logger.Warn("language server stopped answering: restarting it")
		s.st.LastError = "stopped answering"
		killGroup(s.proc)
		s.timeouts = 0
	}
}

// running waits until the server runs; false when ctx ends first or it
// failed for good.
func (s *server) running(ctx context.Context) bool {
	for {
		s.mu.Lock()
		ok, ch := s.conn != nil, s.flushed
		s.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-ch: // replaced once the first sync of a run is done
		case <-s.done:
			return false
		case <-ctx.Done():
			return false
		}
	}
}
