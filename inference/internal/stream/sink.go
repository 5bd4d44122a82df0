package stream

import (
	"errors"
	"time"

	"github.com/lspilot/lspilot/inference"
)

// Sink receives the text of one stream from a backend during one attempt and
// passes it through early stop to the caller's callback. Backends call Text
// for generated text, Alive for anything else the server sends, and End when
// the server marks the end of the stream. A Sink is used by one goroutine.
type Sink struct {
	index int
	fn    func(int, inference.Chunk) error
	clock func() time.Time
	wd    *watchdog

	stop      stopper
	maxTokens int
	budget    time.Duration

	begin    time.Time // start of the current attempt
	first    time.Time // first text received
	ttfc     time.Duration
	chunks   int
	received bool

	stopped bool
	reason  inference.StopReason
	seq     string
	cbErr   error

	ended  bool
	server inference.Stats
}

func newSink(i int, req *inference.Request, clock func() time.Time, fn func(int, inference.Chunk) error) *Sink {
	return &Sink{
		index:     i,
		fn:        fn,
		clock:     clock,
		stop:      stopper{stops: req.Options.Stop, singleLine: req.SingleLine},
		maxTokens: req.Options.MaxTokens,
		budget:    req.TimeBudget,
	}
}

// Text passes a piece of generated text. It returns inference.ErrStop when
// the stream is complete (early stop, or the callback's ErrStop) and the
// backend must stop reading, or the callback's own error; the backend
// returns either unchanged. Empty text only counts as a sign of life.
func (s *Sink) Text(text string) error {
	s.wd.kick()
	if s.stopped {
		return inference.ErrStop
	}
	if text == "" {
		return nil
	}
	now := s.clock()
	if !s.received {
		s.received, s.first, s.ttfc = true, now, now.Sub(s.begin)
	}
	s.chunks++
	if s.maxTokens > 0 && s.chunks > s.maxTokens {
		// The server overshot the limit it was given.
		s.chunks--
		return s.finish("", inference.StopMaxTokens, "")
	}
	expired := s.budget > 0 && now.Sub(s.first) >= s.budget
	out, reason, seq := s.stop.feed(text, expired, false)
	if reason != "" {
		return s.finish(out, reason, seq)
	}
	return s.deliver(out)
}

// Alive tells the idle timeout that the server sent something without text.
func (s *Sink) Alive() { s.wd.kick() }

// End records that the server ended the stream, with what it reported. A
// zero StopReason in st is read as StopEOS.
func (s *Sink) End(st inference.Stats) {
	s.wd.kick()
	if st.StopReason == "" {
		st.StopReason = inference.StopEOS
	}
	s.ended, s.server = true, st
}

// Stopped reports whether the stream needs no more text; a batch backend
// keeps reading until all its sinks are stopped.
func (s *Sink) Stopped() bool { return s.stopped }

// finish delivers the last text and marks the stream complete.
func (s *Sink) finish(out string, reason inference.StopReason, seq string) error {
	if err := s.deliver(out); err != nil {
		return err
	}
	s.stopped, s.reason, s.seq = true, reason, seq
	return inference.ErrStop
}

// flush delivers held-back text once the server has ended the stream.
func (s *Sink) flush() error {
	if s.stopped {
		return nil
	}
	out, reason, seq := s.stop.feed("", false, true)
	if reason != "" {
		err := s.finish(out, reason, seq)
		if errors.Is(err, inference.ErrStop) {
			return nil
		}
		return err
	}
	return s.deliver(out)
}

func (s *Sink) deliver(text string) error {
	if text == "" {
		return nil
	}
	err := s.fn(s.index, inference.Chunk{Text: text})
	switch {
	case err == nil:
		return nil
	case errors.Is(err, inference.ErrStop):
		s.stopped, s.reason = true, inference.StopClient
		return inference.ErrStop
	}
	s.stopped, s.cbErr = true, err
	return err
}

// reset prepares the sink for another attempt; only sinks that received
// nothing are retried.
func (s *Sink) reset(wd *watchdog, begin time.Time) {
	s.wd, s.begin = wd, begin
	s.ended, s.server = false, inference.Stats{}
}

// stats merges what the server reported with what the client saw.
func (s *Sink) stats() inference.Stats {
	st := s.server
	st.TimeToFirstChunk = s.ttfc
	if st.GeneratedTokens == 0 {
		st.GeneratedTokens = s.chunks
	}
	switch {
	case s.reason != "":
		st.StopReason, st.StopSequence = s.reason, s.seq
	case !s.ended:
		st.StopReason = inference.StopStreamEnd
	}
	if !s.ended {
		st.Slot = -1
	}
	return st
}
