package metrics

import (
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lspilot/lspilot/inference/route"
)

// metric describes a series family the collector reads from snapshots.
type metric struct {
	desc *prometheus.Desc
	vt   prometheus.ValueType
	max  bool // duplicates from several pipelines merge by maximum, not sum
}

func counter(name, help string, labels ...string) *metric {
	return &metric{desc: prometheus.NewDesc(name, help, labels, nil), vt: prometheus.CounterValue}
}

func gauge(name, help string, labels ...string) *metric {
	return &metric{desc: prometheus.NewDesc(name, help, labels, nil), vt: prometheus.GaugeValue}
}

// The series read at scrape time.
var (
	mCacheHits = counter("lspilot_cache_hits_total",
		"Requests answered without a new backend generation, by kind: typing_through (the suggestion on screen), stream_join (a completion stream in flight), response_cache and dedupe (the scheduler's cache and single flight), hover_cache.", "kind")
	mCancellations = counter("lspilot_cancellations_total",
		"Work stopped before it was answered, by kind: client ($/cancelRequest), superseded (a stream cancelled by a newer keystroke), debounced (a request overtaken during its debounce, never sent), queue_deadline (dropped unstarted at its lane's deadline).", "kind")
	mCompletions = counter("lspilot_completion_requests_total",
		"Completion engine requests, by event: request, generation (backend call started for the first suggestion), alternative (sampled generation for the alternatives to cycle through), warmup, error, empty.", "event")
	mSuggestions = counter("lspilot_suggestions_total",
		"Inline suggestions as the editor reported them, by event: shown, accepted, partially_accepted.", "event")
	mAcceptedChars = counter("lspilot_suggestion_accepted_chars_total",
		"Characters of suggestions accepted: the acceptedLength of partial acceptances, the suggestion's characters for whole ones.")
	mHover = counter("lspilot_hover_requests_total",
		"Hover explanations, by event: request, skipped, cache_hit, too_soon, model_call, partial, error.", "event")
	mSched = counter("lspilot_scheduler_requests_total",
		"Scheduler requests by backend, lane and outcome: admitted, started, dropped (queue deadline), rejected (queue full), cancelled, joined, cache_hit, batched.", "backend", "lane", "outcome")
	mReplicaRequests = counter("lspilot_replica_requests_total",
		"Attempts routed to each replica.", "backend", "replica")
	mReplicaFailures = counter("lspilot_replica_failures_total",
		"Attempts on each replica that failed in a way that calls for failover.", "backend", "replica")
	mQueue = gauge("lspilot_scheduler_queue_depth",
		"Requests waiting for a backend slot now, by backend and lane (a batch counts once).", "backend", "lane")
	mRunning = gauge("lspilot_scheduler_running",
		"Generations running now, by backend.", "backend")
	mSlots = gauge("lspilot_scheduler_slots",
		"Generations a backend may run at once.", "backend")
	mInflight = gauge("lspilot_replica_inflight",
		"Attempts in flight on each replica.", "backend", "replica")
	mUp = &metric{desc: prometheus.NewDesc("lspilot_replica_up",
		"1 when the replica takes requests (breaker closed or half-open; for a lone server, its latest generation did not fail over), else 0.",
		[]string{"backend", "replica"}, nil), vt: prometheus.GaugeValue, max: true}
	mBreaker = &metric{desc: prometheus.NewDesc("lspilot_replica_breaker_state",
		"1 for the state of each replica's circuit breaker: closed, open or half-open.",
		[]string{"backend", "replica", "state"}, nil), vt: prometheus.GaugeValue, max: true}
	mBackends = gauge("lspilot_backends",
		"Backends in use by the daemon's pipelines.")
)

var allMetrics = []*metric{mCacheHits, mCancellations, mCompletions, mSuggestions, mAcceptedChars, mHover, mSched,
	mReplicaRequests, mReplicaFailures, mQueue, mRunning, mSlots, mInflight, mUp, mBreaker, mBackends}

// sample is one series' value.
type sample struct {
	m      *metric
	labels []string
	v      float64
}

// samples accumulates series by name and label values.
type samples map[string]*sample

func (s samples) add(m *metric, v float64, labels ...string) {
	k := m.desc.String() + "\xff" + strings.Join(labels, "\xff")
	if e, ok := s[k]; ok {
		if m.max {
			e.v = max(e.v, v)
		} else {
			e.v += v
		}
		return
	}
	s[k] = &sample{m: m, labels: labels, v: v}
}

// merge adds the samples of o.
func (s samples) merge(o samples) {
	for _, e := range o {
		s.add(e.m, e.v, e.labels...)
	}
}

// collector reads the pipelines' snapshots at scrape time.
type collector struct{ m *Metrics }

// Describe implements prometheus.Collector.
func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, m := range allMetrics {
		ch <- m.desc
	}
}

// Collect implements prometheus.Collector.
func (c *collector) Collect(ch chan<- prometheus.Metric) {
	s := c.m.snapshot()
	for _, e := range s {
		ch <- prometheus.MustNewConstMetric(e.m.desc, e.m.vt, e.v, e.labels...)
	}
}

// snapshot returns every series the collector exports now.
func (m *Metrics) snapshot() samples {
	s := samples{}
	m.mu.Lock()
	s.merge(m.retired)
	m.mu.Unlock()
	s.add(mCancellations, float64(m.clientCancels.Load()), "client")
	backends := 0
	for _, p := range m.live() {
		p.counters(s, m)
		p.gauges(s, m)
		backends += len(p.Backends)
	}
	s.add(mBackends, float64(backends))
	return s
}

// counters adds p's counters to s.
func (p *Pipeline) counters(s samples, m *Metrics) {
	if p.Completion != nil {
		st := p.Completion.Stats()
		s.add(mCacheHits, float64(st.TypedThrough), "typing_through")
		s.add(mCacheHits, float64(st.Joined), "stream_join")
		s.add(mCancellations, float64(st.Superseded), "superseded")
		s.add(mCancellations, float64(st.Debounced), "debounced")
		for _, e := range []struct {
			name string
			v    int64
		}{{"request", st.Requests}, {"generation", st.BackendCalls}, {"alternative", st.AlternativeCalls},
			{"warmup", st.Warmups}, {"error", st.Errors}, {"empty", st.Empty}} {
			s.add(mCompletions, float64(e.v), e.name)
		}
		s.add(mSuggestions, float64(st.Shown), "shown")
		s.add(mSuggestions, float64(st.Accepted), "accepted")
		s.add(mSuggestions, float64(st.Partial), "partially_accepted")
		s.add(mAcceptedChars, float64(st.AcceptedChars))
	}
	if p.Hover != nil {
		st := p.Hover.Stats()
		s.add(mCacheHits, float64(st.CacheHits), "hover_cache")
		for _, e := range []struct {
			name string
			v    int64
		}{{"request", st.Requests}, {"skipped", st.Skipped}, {"cache_hit", st.CacheHits}, {"too_soon", st.TooSoon},
			{"model_call", st.ModelCalls}, {"partial", st.Partial}, {"error", st.Errors}} {
			s.add(mHover, float64(e.v), e.name)
		}
	}
	for _, b := range p.Backends {
		b.counters(s)
	}
}

// counters adds b's scheduler and router counters to s.
func (b Backend) counters(s samples) {
	name := Label(b.Name)
	if b.Scheduler != nil {
		for _, l := range b.Scheduler.Stats().Lanes {
			lane := l.Lane.String()
			s.add(mCacheHits, float64(l.CacheHits), "response_cache")
			s.add(mCacheHits, float64(l.Joined), "dedupe")
			s.add(mCancellations, float64(l.Dropped), "queue_deadline")
			for _, e := range []struct {
				name string
				v    int64
			}{{"admitted", l.Admitted}, {"started", l.Started}, {"dropped", l.Dropped}, {"rejected", l.Rejected},
				{"cancelled", l.Cancelled}, {"joined", l.Joined}, {"cache_hit", l.CacheHits}, {"batched", l.Batched}} {
				s.add(mSched, float64(e.v), name, lane, e.name)
			}
		}
	}
	if b.Router != nil {
		for i, r := range b.Router.Stats() {
			rep := b.replicaName(i)
			s.add(mReplicaRequests, float64(r.Requests), name, rep)
			s.add(mReplicaFailures, float64(r.Failures), name, rep)
		}
	}
}

// gauges adds p's gauges to s.
func (p *Pipeline) gauges(s samples, m *Metrics) {
	for _, b := range p.Backends {
		name := Label(b.Name)
		if b.Scheduler != nil {
			st := b.Scheduler.Stats()
			s.add(mRunning, float64(st.Running), name)
			s.add(mSlots, float64(st.Slots), name)
			for _, l := range st.Lanes {
				s.add(mQueue, float64(l.Queued), name, l.Lane.String())
			}
		}
		for _, r := range b.replicas(m) {
			s.add(mUp, bool01(r.up), name, r.name)
			s.add(mInflight, float64(r.inflight), name, r.name)
			if r.breaker == "" {
				continue
			}
			for _, st := range []route.BreakerState{route.BreakerClosed, route.BreakerOpen, route.BreakerHalfOpen} {
				s.add(mBreaker, bool01(st.String() == r.breaker), name, r.name, st.String())
			}
		}
	}
}

// replica is the health of one replica.
type replica struct {
	name     string
	up       bool
	inflight int
	breaker  string // "" without a breaker
}

// replicas returns the health of b's replicas: from its router's breakers,
// or, for a lone server, from its latest generation.
func (b Backend) replicas(m *Metrics) []replica {
	if b.Router == nil {
		f, ok := m.health.Load(Label(b.Name))
		down := ok && f.(interface{ Load() bool }).Load()
		return []replica{{name: Label(b.Name), up: !down}}
	}
	var out []replica
	for i, r := range b.Router.Stats() {
		out = append(out, replica{name: b.replicaName(i), up: r.Breaker != route.BreakerOpen,
			inflight: r.InFlight, breaker: r.Breaker.String()})
	}
	return out
}

func bool01(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
