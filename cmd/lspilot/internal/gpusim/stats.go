package gpusim

import (
	"fmt"
	"time"
)

// ReplicaStats counts what one replica did since the server started. Token
// counts are in the simulator's tokens (see Tokenize); durations are in the
// server's clock.
type ReplicaStats struct {
	// Requests is the number of sequences accepted; each prompt of an
	// OpenAI prompt list counts once.
	Requests int
	// Finished and Cancelled count sequences that ended by themselves and
	// by the client going away; Rejected those refused on arrival.
	Finished, Cancelled, Rejected int
	// PromptTokens is the prompt length of the admitted sequences, of which
	// CachedTokens came from the KV cache and PrefillTokens were computed.
	PromptTokens, CachedTokens, PrefillTokens int
	// DecodedTokens is the number of tokens generated, of which
	// WastedTokens went to sequences that were cancelled.
	DecodedTokens, WastedTokens int
	// EvictedBlocks is the number of KV blocks evicted to make room, cached
	// prefix blocks and idle slots' content alike.
	EvictedBlocks int
	// QueueWait is the time admitted sequences spent queued, summed.
	QueueWait time.Duration
	// Steps is the number of scheduler steps and Busy their total time.
	Steps int
	Busy  time.Duration
	// DecodeSteps is the number of steps that decoded, DecodeSeqs the sum
	// of their batch sizes and MaxBatch the largest.
	DecodeSteps, DecodeSeqs, MaxBatch int
	// Running and Queued are the sequences running and waiting now.
	Running, Queued int
	// KVBlocks is the KV cache's size in blocks of BlockTokens and
	// KVUsedBlocks the part in use or cached now.
	KVBlocks, KVUsedBlocks int
}

// MeanBatch is the mean number of sequences decoded per decoding step.
func (s ReplicaStats) MeanBatch() float64 {
	if s.DecodeSteps == 0 {
		return 0
	}
	return float64(s.DecodeSeqs) / float64(s.DecodeSteps)
}

// CacheHitRate is the share of prompt tokens served from the KV cache.
func (s ReplicaStats) CacheHitRate() float64 {
	if s.PromptTokens == 0 {
		return 0
	}
	return float64(s.CachedTokens) / float64(s.PromptTokens)
}

// String summarises the counters on one line.
func (s ReplicaStats) String() string {
	return fmt.Sprintf("requests %d (finished %d, cancelled %d, rejected %d), prompt %d tokens (cached %d, %.0f%%; prefilled %d), "+
		"decoded %d (wasted %d), evicted %d blocks, queue wait %v, busy %v in %d steps, mean batch %.1f (max %d)",
		s.Requests, s.Finished, s.Cancelled, s.Rejected, s.PromptTokens, s.CachedTokens, 100*s.CacheHitRate(), s.PrefillTokens,
		s.DecodedTokens, s.WastedTokens, s.EvictedBlocks, s.QueueWait, s.Busy, s.Steps, s.MeanBatch(), s.MaxBatch)
}

// add sums o into s; MaxBatch takes the larger.
func (s *ReplicaStats) add(o ReplicaStats) {
	s.Requests += o.Requests
	s.Finished += o.Finished
	s.Cancelled += o.Cancelled
	s.Rejected += o.Rejected
	s.PromptTokens += o.PromptTokens
	s.CachedTokens += o.CachedTokens
	s.PrefillTokens += o.PrefillTokens
	s.DecodedTokens += o.DecodedTokens
	s.WastedTokens += o.WastedTokens
	s.EvictedBlocks += o.EvictedBlocks
	s.QueueWait += o.QueueWait
	s.Steps += o.Steps
	s.Busy += o.Busy
	s.DecodeSteps += o.DecodeSteps
	s.DecodeSeqs += o.DecodeSeqs
	s.MaxBatch = max(s.MaxBatch, o.MaxBatch)
	s.Running += o.Running
	s.Queued += o.Queued
	s.KVBlocks += o.KVBlocks
	s.KVUsedBlocks += o.KVUsedBlocks
}

// Stats are the counters of every replica and their total.
type Stats struct {
	Replicas []ReplicaStats
	Total    ReplicaStats
}
