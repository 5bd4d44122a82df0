package route

// The Router is a Group's picker and tracker.
var (
	_ Picker  = (*Router)(nil)
	_ Tracker = (*Router)(nil)
)
