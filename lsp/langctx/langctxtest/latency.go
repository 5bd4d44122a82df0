package langctxtest

import (
	"slices"
	"testing"
	"time"
)

// ReportLatency runs call for each iteration of b and reports the median
// and the 95th percentile of its durations, in microseconds.
func ReportLatency(b *testing.B, call func()) {
	var lat []time.Duration
	for b.Loop() {
		start := time.Now()
		call()
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*95/100].Nanoseconds())/1e3, "p95-µs")
}
