package nextedit

// Feedback is what the editor reports of a suggestion.
type Feedback int

// The reports.
const (
	FeedbackShown Feedback = iota + 1
	FeedbackAccepted
	FeedbackRejected
)

// Report records the editor's feedback about suggestion id; it returns
// false for an id the engine does not hold. A rejected edit is not offered
// again in its document; an accepted one may start a prefetch of the next.
func (e *Engine) Report(id string, f Feedback) bool {
	o := e.cache.find(id)
	if o == nil {
		return false
	}
	switch f {
	case FeedbackShown:
		e.stats.shown.Add(1)
		e.cache.markShown(o)
	case FeedbackAccepted:
		e.stats.accepted.Add(1)
		e.cache.dropLive(o)
		e.prefetch(o)
	case FeedbackRejected:
		e.stats.rejected.Add(1)
		e.cache.reject(o)
	}
	return true
}
