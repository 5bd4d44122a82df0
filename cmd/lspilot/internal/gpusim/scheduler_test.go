package gpusim

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference/clock"
)

// TestSingleRequestTiming checks a lone request's virtual timeline against
// the cost model: one prefill step that also yields the first token, then
// one decode step per token with a context one token longer each time.
func TestSingleRequestTiming(t *testing.T) {
	p := mustPreset(t, "h100-7b")
	r, v := newTestReplica(t, p)
	j := textJob(modePaged, code("a", 2000), "abcdefghijklmnop") // 500 prompt tokens, 4 tokens and the end
	_, ch := submit(t, r, j)
	res := results(collect(t, v, ch, 1), 1)[0]

	wantPrefill := p.PrefillTime(500, 0)
	var wantEval time.Duration
	for i := 1; i < 5; i++ {
		wantEval += p.DecodeStep(1, 500+i)
	}
	got := []time.Duration{res.queued, res.promptEval, res.eval, res.total}
	want := []time.Duration{0, wantPrefill, wantEval, wantPrefill + wantEval}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("queued, prompt eval, eval, total (-want +got):\n%s", diff)
	}
	if res.generated != 5 || res.reason != finishEOS {
		t.Errorf("generated %d tokens, reason %v; want 5 and the end of text", res.generated, res.reason)
	}
}

// TestContinuousBatching submits three requests at once to a replica of two
// slots: the first two share every step and finish sooner than they would
// one after the other; the third waits until a slot frees.
func TestContinuousBatching(t *testing.T) {
	p := mustPreset(t, "h100-7b")
	p.Slots = 2
	jobs := []job{
		textJob(modePaged, code("a", 800), strings.Repeat("abcd", 10)),
		textJob(modePaged, code("b", 800), strings.Repeat("efgh", 20)),
		textJob(modePaged, code("c", 800), strings.Repeat("ijkl", 5)),
	}
	var solo []time.Duration
	for _, j := range jobs[:2] {
		r, v := newTestReplica(t, p)
		_, ch := submit(t, r, j)
		solo = append(solo, results(collect(t, v, ch, 1), 1)[0].total)
	}

	r, v := newTestReplica(t, p)
	_, ch := submit(t, r, jobs...)
	res := results(collect(t, v, ch, 3), 3)
	if res[0].queued != 0 || res[1].queued != 0 {
		t.Errorf("the first two waited %v and %v, want 0", res[0].queued, res[1].queued)
	}
	if res[2].queued != res[0].total {
		t.Errorf("the third waited %v, want until the first finished, %v", res[2].queued, res[0].total)
	}
	if both := max(res[0].total, res[1].total); both >= solo[0]+solo[1] {
		t.Errorf("together they took %v, no less than one after the other, %v + %v", both, solo[0], solo[1])
	}
	st := r.snapshot()
	if st.MaxBatch != 2 || st.MeanBatch() <= 1 || st.Finished != 3 || st.QueueWait != res[2].queued {
		t.Errorf("stats %+v, want batches of 2 and the third's wait", st)
	}
}

// step advances v over one pending step of r and returns the event it
// brought, for a replica running a single sequence.
func step1(t *testing.T, v *clock.Virtual, ch <-chan event) event {
	t.Helper()
	waitPending(t, v)
	next, _ := v.Next()
	v.AdvanceTo(next)
	select {
	case ev := <-ch:
		return ev
	case <-time.After(hangGuard):
		t.Fatal("the step brought no event")
		return event{}
	}
}

// TestJoinMidFlight submits a request while another decodes: it joins at the
// end of the step under way rather than after the first request.
func TestJoinMidFlight(t *testing.T) {
	p := mustPreset(t, "h100-7b")
	r, v := newTestReplica(t, p)
	_, chA := submit(t, r, textJob(modePaged, code("a", 800), strings.Repeat("abcd", 20)))
	for range 3 {
		if ev := step1(t, v, chA); ev.done {
			t.Fatal("the first request ended early")
		}
	}
	waitPending(t, v)
	joined := v.Now()
	stepEnd, _ := v.Next()
	_, chB := submit(t, r, textJob(modePaged, code("b", 800), "abcd"))
	resB := results(collect(t, v, chB, 1), 1)[0]
	if want := stepEnd.Sub(joined); resB.queued != want || !resB.start.Equal(joined) {
		t.Errorf("the second request arrived at %v and waited %v, want %v and the rest of the step, %v", resB.start, resB.queued, joined, want)
	}
	if st := r.snapshot(); st.MaxBatch != 2 || st.Running != 1 {
		t.Errorf("stats %+v, want a batch of 2 and the first still running", st)
	}
	collect(t, v, chA, 1)
}

// TestCancel cancels a request after three tokens: the tokens count as
// wasted, and its slot serves the next request without waiting for the
// cancelled one to run out.
func TestCancel(t *testing.T) {
	p := mustPreset(t, "cpu-tiny") // one slot
	r, v := newTestReplica(t, p)
	seqs, ch := submit(t, r, textJob(modeSlot, code("a", 200), strings.Repeat("abcd", 50)))
	for range 3 {
		if ev := step1(t, v, ch); ev.done {
			t.Fatal("the request ended early")
		}
	}
	r.cancel(seqs[0])
	_, ch2 := submit(t, r, textJob(modeSlot, code("a", 200), "abcd"))
	res := results(collect(t, v, ch2, 1), 1)[0]
	st := r.snapshot()
	got := []int{st.Cancelled, st.WastedTokens, st.Finished, st.Running, st.Queued}
	if diff := cmp.Diff([]int{1, 3, 1, 0, 0}, got); diff != "" {
		t.Errorf("cancelled, wasted, finished, running, queued (-want +got):\n%s", diff)
	}
	if res.queued > p.DecodeStep(1, 60) || res.cachedTokens != 49 {
		t.Errorf("the next request waited %v with %d cached tokens, want at most a step and the slot's prompt", res.queued, res.cachedTokens)
	}
}

// TestTimeBudget checks llama.cpp's t_max_predict_ms: once a line ended and
// the budget passed, generation stops.
func TestTimeBudget(t *testing.T) {
	r, v := newTestReplica(t, mustPreset(t, "h100-7b"))
	j := textJob(modeSlot, code("a", 200), "ab\ncdefghijklmnopqrstuvwxyz")
	j.tMaxPredict = time.Millisecond
	_, ch := submit(t, r, j)
	res := results(collect(t, v, ch, 1), 1)[0]
	if res.reason != finishTime || res.generated != 2 {
		t.Errorf("reason %v after %d tokens, want the time budget after 2", res.reason, res.generated)
	}
}

// TestClose ends queued and running requests with ErrClosed.
func TestClose(t *testing.T) {
	p := mustPreset(t, "cpu-tiny")
	r, v := newTestReplica(t, p)
	_, ch := submit(t, r, textJob(modeSlot, "a", "abcd"), textJob(modeSlot, "b", "efgh"))
	waitPending(t, v)
	r.stop()
	for range 2 {
		if ev := <-ch; !ev.done || ev.err != ErrClosed {
			t.Errorf("event %+v, want the end with ErrClosed", ev)
		}
	}
	if _, err := r.submit([]job{textJob(modeSlot, "c", "x")}, make(chan event, 4)); err != ErrClosed {
		t.Errorf("submit after stop = %v, want ErrClosed", err)
	}
}
