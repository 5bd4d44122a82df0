// Package sched is lspilot's scheduler: it sits between the features (inline
// completion, the completion list, hover, code actions, warm-up) and one
// inference backend, and sends the backend only work that will be shown.
//
// A Scheduler decorates an inference.Backend and is one itself, so engines
// and backend sets use it unchanged; inference.As finds the inner backend's
// optional abilities through it, warm-ups going through its warm-up lane. It
// never retries or fails over: the route package does that. For every
// generation it
//
//   - answers from a response cache of recent complete generations;
//   - joins an identical generation already queued or streaming
//     (single-flight): late callers get the chunks already streamed, then the
//     rest, and the backend stream ends only when every caller has left;
//   - admits the rest through per-lane queues with strict priority between
//     lanes (inline > list > next edit > hover > action > warm-up) and
//     round-robin between editor sessions inside a lane, bounded by the
//     backend's slots;
//   - drops a request whose lane deadline passes before it starts, takes a
//     cancelled request out of the queue at once, and rejects new work fast
//     when the queue is full, shedding lower lanes first;
//   - optionally gathers requests that differ only by prompt into one prompt
//     batch for backends that implement inference.Batcher.
//
// Typing-through, superseding a document's older request, joining a stream
// that the new cursor extends and debouncing belong to the inline engine
// (package complete); the scheduler does not repeat them. All time is read
// through an injected clock.Clock, so benchmarks can run in virtual time.
//
// It imports the inference package, its clock, zap and golang-lru; it must
// not import lsp/, go.lsp.dev or any backend implementation.
package sched
