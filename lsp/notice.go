package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

// Notice is news for the user that comes from outside a session and may
// arrive after it starts, such as which backend was found on this machine
// when none is configured.
type Notice struct {
	// Warning shows it as a warning; otherwise it is information.
	Warning bool
	Message string
}

// NoticeFunc waits for the process's notice; ok is false when there is
// none, or when ctx ends first.
type NoticeFunc func(ctx context.Context) (n Notice, ok bool)

// announce shows the notice once, after the client sent initialized, unless
// the session's own settings name backends (the notice speaks of the
// process's). The returned channel closes when it is done; ctx ends it.
func (s *server) announce(ctx context.Context, wait NoticeFunc) <-chan struct{} {
	done := make(chan struct{})
	if wait == nil {
		close(done)
		return done
	}
	go func() {
		defer close(done)
		select {
		case <-s.ready:
		case <-ctx.Done():
			return
		}
		n, ok := wait(ctx)
		if ok {
			s.publishStatus(ctx) // the search is over: what the features use is known
		}
		if !ok || ctx.Err() != nil || len(s.config.Get().Backends) > 0 {
			return
		}
		typ := protocol.MessageTypeInfo
		if n.Warning {
			typ = protocol.MessageTypeWarning
		}
		s.showMessage(ctx, typ, n.Message)
	}()
	return done
}
