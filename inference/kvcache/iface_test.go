package kvcache

import "github.com/lspilot/lspilot/inference/backends"

// The Router is a Group's picker and tracker.
var (
	_ backends.Picker  = (*Router)(nil)
	_ backends.Tracker = (*Router)(nil)
)
