package metrics_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/explain"
	"github.com/lspilot/lspilot/inference/route"
	"github.com/lspilot/lspilot/inference/sched"
	"github.com/lspilot/lspilot/lsp/metrics"
)

// schedStats returns scheduler stats with the inline lane set to l.
func schedStats(slots, running int, l sched.LaneStats) sched.Stats {
	st := sched.Stats{Backend: "gpu", Slots: slots, Running: running}
	for _, lane := range inference.Lanes {
		ls := sched.LaneStats{Lane: lane}
		if lane == inference.LaneInline {
			ls = l
			ls.Lane = lane
		}
		st.Lanes = append(st.Lanes, ls)
	}
	return st
}

// TestCollectorReadsSnapshots registers a pipeline of fakes and checks the
// series read from their stats at scrape time.
func TestCollectorReadsSnapshots(t *testing.T) {
	m := metrics.New("test")
	comp := &fakeCompletion{st: complete.Stats{Requests: 10, TypedThrough: 3, Joined: 2, Debounced: 4, Superseded: 1,
		BackendCalls: 5, AlternativeCalls: 7, Shown: 6, Accepted: 2, Partial: 1, AcceptedChars: 40}}
	m.Register(metrics.Pipeline{
		Completion: comp,
		Hover:      fakeHover{explain.Stats{Requests: 3, CacheHits: 2}},
		Backends: []metrics.Backend{{
			Name:      "gpu",
			Scheduler: fakeSched{schedStats(2, 1, sched.LaneStats{Admitted: 5, Started: 4, Dropped: 1, Joined: 2, CacheHits: 3, Queued: 2})},
			Router: fakeRouter{[]route.ReplicaStats{
				{Requests: 3, InFlight: 1, Breaker: route.BreakerClosed},
				{Requests: 2, Failures: 2, Breaker: route.BreakerOpen},
			}},
			Replicas: []string{"gpu#0", "gpu#1"},
		}},
	})
	m.ClientCancel()
	want := map[string]float64{
		`lspilot_cache_hits_total{kind="typing_through"}`:                                  3,
		`lspilot_cache_hits_total{kind="stream_join"}`:                                     2,
		`lspilot_cache_hits_total{kind="response_cache"}`:                                  3,
		`lspilot_cache_hits_total{kind="dedupe"}`:                                          2,
		`lspilot_cache_hits_total{kind="hover_cache"}`:                                     2,
		`lspilot_cancellations_total{kind="client"}`:                                       1,
		`lspilot_cancellations_total{kind="superseded"}`:                                   1,
		`lspilot_cancellations_total{kind="debounced"}`:                                    4,
		`lspilot_cancellations_total{kind="queue_deadline"}`:                               1,
		`lspilot_completion_requests_total{event="request"}`:                               10,
		`lspilot_completion_requests_total{event="generation"}`:                            5,
		`lspilot_completion_requests_total{event="alternative"}`:                           7,
		`lspilot_suggestions_total{event="shown"}`:                                         6,
		`lspilot_suggestions_total{event="accepted"}`:                                      2,
		`lspilot_suggestions_total{event="partially_accepted"}`:                            1,
		`lspilot_suggestion_accepted_chars_total{}`:                                        40,
		`lspilot_hover_requests_total{event="request"}`:                                    3,
		`lspilot_scheduler_requests_total{backend="gpu",lane="inline",outcome="admitted"}`: 5,
		`lspilot_scheduler_requests_total{backend="gpu",lane="inline",outcome="dropped"}`:  1,
		`lspilot_scheduler_requests_total{backend="gpu",lane="hover",outcome="admitted"}`:  0,
		`lspilot_scheduler_queue_depth{backend="gpu",lane="inline"}`:                       2,
		`lspilot_scheduler_running{backend="gpu"}`:                                         1,
		`lspilot_scheduler_slots{backend="gpu"}`:                                           2,
		`lspilot_replica_up{backend="gpu",replica="gpu#0"}`:                                1,
		`lspilot_replica_up{backend="gpu",replica="gpu#1"}`:                                0,
		`lspilot_replica_breaker_state{backend="gpu",replica="gpu#1",state="open"}`:        1,
		`lspilot_replica_breaker_state{backend="gpu",replica="gpu#1",state="closed"}`:      0,
		`lspilot_replica_requests_total{backend="gpu",replica="gpu#0"}`:                    3,
		`lspilot_replica_failures_total{backend="gpu",replica="gpu#1"}`:                    2,
		`lspilot_replica_inflight{backend="gpu",replica="gpu#0"}`:                          1,
		`lspilot_backends{}`:                 1,
		`lspilot_build_info{version="test"}`: 1,
	}
	got := scrape(t, m)
	if diff := cmp.Diff(want, pick(got, want)); diff != "" {
		t.Errorf("series (-want +got):\n%s", diff)
	}
	comp.set(complete.Stats{Requests: 12, Shown: 7})
	if got := scrape(t, m)[`lspilot_completion_requests_total{event="request"}`]; got != 12 {
		t.Errorf("after the engine counted on, requests = %v, want 12: counters are read at each scrape", got)
	}
}

// TestUnregisterKeepsCounters checks that a pipeline's counters stay
// counted once it is gone (a session's features rebuilt), that its gauges go,
// and that pipelines sharing a backend name add up.
func TestUnregisterKeepsCounters(t *testing.T) {
	m := metrics.New("test")
	pipe := func(requests int64, queued int) metrics.Pipeline {
		return metrics.Pipeline{
			Completion: &fakeCompletion{st: complete.Stats{Requests: requests}},
			Backends: []metrics.Backend{{Name: "gpu",
				Scheduler: fakeSched{schedStats(1, 0, sched.LaneStats{Admitted: requests, Queued: queued})}}},
		}
	}
	unregisterA := m.Register(pipe(5, 1))
	m.Register(pipe(7, 2))
	got := scrape(t, m)
	want := map[string]float64{
		`lspilot_completion_requests_total{event="request"}`:                               12,
		`lspilot_scheduler_requests_total{backend="gpu",lane="inline",outcome="admitted"}`: 12,
		`lspilot_scheduler_queue_depth{backend="gpu",lane="inline"}`:                       3,
		`lspilot_replica_up{backend="gpu",replica="gpu"}`:                                  1,
		`lspilot_backends{}`: 2,
	}
	if diff := cmp.Diff(want, pick(got, want)); diff != "" {
		t.Errorf("two pipelines (-want +got):\n%s", diff)
	}
	unregisterA()
	unregisterA() // a second call changes nothing
	got = scrape(t, m)
	want[`lspilot_scheduler_queue_depth{backend="gpu",lane="inline"}`] = 2
	want[`lspilot_backends{}`] = 1
	if diff := cmp.Diff(want, pick(got, want)); diff != "" {
		t.Errorf("after unregistering one (-want +got):\n%s", diff)
	}
}
