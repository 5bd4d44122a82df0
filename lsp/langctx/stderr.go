package langctx

import (
	"strings"
	"sync"
	"time"
)

// stderrKeep bounds what is kept of a server's error output.
const stderrKeep = 4096

// stderrGrace is how long a server that failed to initialize is given to
// exit, so that its last words are read before they are reported.
const stderrGrace = 500 * time.Millisecond

// stderrTail keeps the end of a server's error output, to say why it
// ended. It is safe for concurrent use.
type stderrTail struct {
	mu  sync.Mutex
	buf []byte // guarded by mu
}

func (t *stderrTail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - stderrKeep; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

// last returns the last line written that is not blank, at most 200 bytes.
func (t *stderrTail) last() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := strings.Split(strings.TrimSpace(string(t.buf)), "\n")
	l := strings.TrimSpace(lines[len(lines)-1])
	if len(l) > 200 {
		l = l[:200] + "..."
	}
	return l
}

// explain adds the server's last words to err's text, if it said any.
func (t *stderrTail) explain(what string, err error) string {
	if l := t.last(); l != "" {
		return what + ": " + errText(err) + " (" + l + ")"
	}
	return what + ": " + errText(err)
}

func errText(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}
