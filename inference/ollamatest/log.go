package ollamatest

import "context"

// Log returns everything the server has logged so far, with OLLAMA_DEBUG=1 detail.
func (s *Server) Log() string {
	return s.log.String()
}

// CountLog returns how many times substr occurs in the server log so far. Compare counts
// taken before and after an action when the server is shared.
func (s *Server) CountLog(substr string) int {
	return s.log.Count(substr)
}

// WaitLog waits until substr occurs at least n times in the server log, and returns
// ctx's error if that does not happen before ctx ends.
func (s *Server) WaitLog(ctx context.Context, substr string, n int) error {
	return s.log.Wait(ctx, substr, n)
}

// LogTail returns the last n bytes of the server log, starting at a line boundary.
func (s *Server) LogTail(n int) string {
	return s.log.Tail(n)
}
