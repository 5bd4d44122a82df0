package complete

import (
	"context"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference/clock"
	"github.com/lspilot/lspilot/inference/prompt"
)

// TestStrategyNoTypingThrough: with typing-through off, typing into the
// suggestion on screen asks the backend again.
func TestStrategyNoTypingThrough(t *testing.T) {
	f := newFake(reply{chunks: []string{"return x * 2"}}, reply{chunks: []string{"eturn x * 2"}})
	e := newTestEngine(t, f)
	e.cfg.Strategy.NoTypingThrough = true
	for _, text := range []string{"func f(x int) int {\n\t|\n}\n", "func f(x int) int {\n\tr|\n}\n"} {
		if _, err := e.Complete(t.Context(), at(text)); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := f.calls(); n != 2 {
		t.Errorf("backend calls = %d, want 2", n)
	}
}

// TestStrategyNoSupersede: the older generation runs to its end when a
// newer request arrives, and its request still gets its answer.
func TestStrategyNoSupersede(t *testing.T) {
	hold := make(chan struct{})
	f := newFake(reply{chunks: []string{"return x"}, hold: hold}, reply{chunks: []string{"x := 1"}})
	e := newTestEngine(t, f)
	e.cfg.Strategy.NoSupersede, e.cfg.Strategy.NoJoin = true, true
	first := make(chan []Suggestion, 1)
	go func() {
		got, _ := e.Complete(t.Context(), at("func f() {\n\t|\n}\n"))
		first <- got
	}()
	<-f.started
	if _, err := e.Complete(t.Context(), at("func f() {\n\tz|\n}\n")); err != nil {
		t.Fatal(err)
	}
	close(hold)
	if got := <-first; len(got) != 1 || got[0].Text != "return x" {
		t.Errorf("older request = %+v, want its own answer", got)
	}
	if _, aborted := f.calls(); aborted != 0 {
		t.Errorf("%d generations aborted, want none", aborted)
	}
}

// TestStrategyFixedDebounce: automatic requests wait exactly Debounce on
// the configured clock, whatever the typing rhythm.
func TestStrategyFixedDebounce(t *testing.T) {
	vc := clock.NewVirtual(time.Unix(0, 0))
	f := newFake(reply{chunks: []string{"x"}})
	e := New(single(f), Config{
		Prompt: prompt.Options{Counter: prompt.Estimate{}}, Clock: vc,
		Debounce: 350 * time.Millisecond, Strategy: Strategy{FixedDebounce: true},
	}, nil)
	t.Cleanup(e.Close)
	done := make(chan error, 1)
	go func() {
		_, err := e.Complete(context.Background(), Request{Session: "s", URI: "u", Language: "go", Text: "a", Cursor: 1})
		done <- err
	}()
	var at time.Time
	for {
		if next, ok := vc.Next(); ok {
			at = next
			break
		}
		time.Sleep(time.Millisecond)
	}
	if got := at.Sub(time.Unix(0, 0)); got != 350*time.Millisecond {
		t.Errorf("debounce = %v, want 350ms", got)
	}
	vc.AdvanceTo(at)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
