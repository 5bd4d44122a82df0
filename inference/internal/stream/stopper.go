package stream

import (
	"strings"

	"github.com/lspilot/lspilot/inference"
)

// stopper decides, chunk by chunk, how much generated text may be delivered
// and when generation is complete. It holds back a tail that may be the start
// of a stop sequence split across chunks, so that no part of a stop sequence
// is ever delivered. It is the one place where early stop is implemented.
type stopper struct {
	stops      []string
	singleLine bool
	// pending is received text not delivered yet.
	pending string
	// nonSpace records that delivered text held a non-space character, which
	// arms single-line mode.
	nonSpace bool
}

// feed adds text and returns what may be delivered now. A non-empty reason
// means generation is complete; seq is the stop sequence that matched.
// lineEnd asks to stop at the next line end whatever came before (an expired
// time budget); final says that no more text will come.
func (s *stopper) feed(text string, lineEnd, final bool) (out string, reason inference.StopReason, seq string) {
	s.pending += text
	p := s.pending
	cut := -1
	if i, m := s.earliestStop(p); i >= 0 {
		cut, reason, seq = i, inference.StopSequence, m
	}
	if j := s.lineCut(p, lineEnd); j >= 0 && (cut < 0 || j < cut) {
		cut, seq = j, ""
		reason = inference.StopSingleLine
		if lineEnd {
			reason = inference.StopBudget
		}
	}
	hold := len(p)
	if !final {
		hold = s.partialStart(p)
		if (s.singleLine || lineEnd) && hold == len(p) && strings.HasSuffix(p, "\r") {
			hold-- // the "\r" of a "\r\n" split across chunks
		}
	}
	if cut >= 0 && cut <= hold {
		return s.take(cut, true), reason, seq
	}
	return s.take(hold, false), "", ""
}

// take delivers p[:n]; when done, the rest is dropped.
func (s *stopper) take(n int, done bool) string {
	out := s.pending[:n]
	if done {
		s.pending = ""
	} else {
		s.pending = s.pending[n:]
	}
	if !s.nonSpace && strings.TrimLeft(out, " \t\r\n") != "" {
		s.nonSpace = true
	}
	return out
}

// earliestStop finds the first complete stop sequence in p.
func (s *stopper) earliestStop(p string) (int, string) {
	at, match := -1, ""
	for _, stop := range s.stops {
		if i := strings.Index(p, stop); i >= 0 && (at < 0 || i < at) {
			at, match = i, stop
		}
	}
	return at, match
}

// lineCut finds where single-line mode (or an expired budget, with lineEnd)
// ends the text: the first line end after non-space text. A "\r" before the
// "\n" is cut too.
func (s *stopper) lineCut(p string, lineEnd bool) int {
	if !s.singleLine && !lineEnd {
		return -1
	}
	armed := s.nonSpace || lineEnd
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '\n' && armed:
			if i > 0 && p[i-1] == '\r' {
				return i - 1
			}
			return i
		case c != ' ' && c != '\t' && c != '\r' && c != '\n':
			armed = true
		}
	}
	return -1
}

// partialStart returns the start of the longest tail of p that begins some
// stop sequence, or len(p) when there is none.
func (s *stopper) partialStart(p string) int {
	start := len(p)
	for _, stop := range s.stops {
		from := max(len(p)-len(stop)+1, 0)
		for k := from; k < start; k++ {
			if strings.HasPrefix(stop, p[k:]) {
				start = k
				break
			}
		}
	}
	return start
}
