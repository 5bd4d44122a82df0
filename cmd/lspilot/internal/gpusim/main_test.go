package gpusim

import (
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/clock"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// hangGuard bounds how long a test waits for the simulator in real time; it
// only turns a hang into a failure and is never a timing assertion.
const hangGuard = 20 * time.Second

func mustPreset(t testing.TB, name string) Preset {
	t.Helper()
	p, err := PresetByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func logger(t testing.TB) *zap.Logger {
	if _, ok := t.(*testing.B); ok {
		return zap.NewNop()
	}
	return zaptest.NewLogger(t)
}

// drive advances v to each pending timer as soon as there is one, until the
// test ends, so that servers run in virtual time as fast as they can.
func drive(t testing.TB, v *clock.Virtual) { driveUnless(t, v, new(atomic.Bool)) }

// driveUnless is drive that holds the clock still while paused is set.
func driveUnless(t testing.TB, v *clock.Virtual, paused *atomic.Bool) {
	done, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		for {
			select {
			case <-done:
				return
			default:
			}
			if next, ok := v.Next(); ok && !paused.Load() {
				v.AdvanceTo(next)
			} else {
				time.Sleep(20 * time.Microsecond)
			}
		}
	}()
	t.Cleanup(func() { close(done); <-exited })
}

// waitFor polls ok until it holds; only a hang fails the test.
func waitFor(t testing.TB, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("the condition never held")
		}
		time.Sleep(50 * time.Microsecond)
	}
}

// newHTTP serves cfg on an httptest server driven by a virtual clock; both
// close when the test ends.
func newHTTP(t testing.TB, cfg Config) (*Server, *httptest.Server) {
	v := clock.NewVirtual(epoch)
	cfg.Clock = v
	if cfg.Logger == nil {
		cfg.Logger = logger(t)
	}
	s := NewServer(cfg)
	ts := httptest.NewServer(s.Handler())
	drive(t, v)
	t.Cleanup(func() { ts.Close(); s.Close() })
	return s, ts
}

// backendConfig is a client configuration for a test server.
func backendConfig(url string, kind inference.BackendKind) inference.BackendConfig {
	return inference.BackendConfig{Name: "sim", Kind: kind, URL: url, Model: "coder", IdleTimeout: 10 * time.Second, Retries: -1}
}

// newTestReplica runs one replica of p on a virtual clock that only the test
// advances.
func newTestReplica(t testing.TB, p Preset) (*replica, *clock.Virtual) {
	v := clock.NewVirtual(epoch)
	r := newReplica(0, p, v, logger(t))
	t.Cleanup(r.stop)
	return r, v
}

// waitPending waits until the replica has planned a step, so that what the
// test does next happens during that step.
func waitPending(t testing.TB, v *clock.Virtual) {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for {
		if _, ok := v.Next(); ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the replica planned no step")
		}
		time.Sleep(10 * time.Microsecond)
	}
}

// collect advances v step by step until n sequences sent on ch are done and
// returns every event, in order.
func collect(t testing.TB, v *clock.Virtual, ch <-chan event, n int) []event {
	t.Helper()
	var out []event
	deadline := time.Now().Add(hangGuard)
	for n > 0 {
		select {
		case ev := <-ch:
			out = append(out, ev)
			if ev.done {
				n--
			}
			continue
		default:
		}
		if next, ok := v.Next(); ok {
			v.AdvanceTo(next)
		} else if time.Now().After(deadline) {
			t.Fatalf("sequences never finished; events so far: %+v", out)
		} else {
			time.Sleep(10 * time.Microsecond)
		}
	}
	return out
}

// results returns the results of the done events, by sequence index.
func results(evs []event, n int) []result {
	out := make([]result, n)
	for _, ev := range evs {
		if ev.done {
			out[ev.index] = ev.res
		}
	}
	return out
}

// textJob is a job whose prompt is text and whose completion is out.
func textJob(mode cacheMode, text, out string) job {
	return job{mode: mode, slot: -1, cachePrompt: true, tokens: Tokenize(text), out: planOutput(out, -1, nil)}
}

// submit queues jobs on r at once with room for all their events.
func submit(t testing.TB, r *replica, jobs ...job) ([]*seq, chan event) {
	t.Helper()
	room := 0
	for _, j := range jobs {
		room += len(j.out.ids) + 1
	}
	ch := make(chan event, room)
	seqs, err := r.submit(jobs, ch)
	if err != nil {
		t.Fatal(err)
	}
	return seqs, ch
}
