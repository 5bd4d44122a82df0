// Package metrics exposes what the daemon does as Prometheus metrics, with
// health and readiness endpoints on the same listener.
//
// Most series are read at scrape time from the counters the engines, the
// schedulers and the routers keep anyway (a custom prometheus.Collector over
// their Stats snapshots), so that they cost nothing on the request path.
// Histograms and the few counters nothing else keeps are observed where they
// happen: LSP requests by method (through the lsp.Observer methods of
// *Metrics), the keystroke-to-suggestion latency, and every backend
// generation (through sched.Observer).
//
// Label values come only from fixed small sets: LSP method names the server
// knows, lanes, outcome and error kinds, breaker states, and the configured
// backend names (replicas are named "name#index"). No label ever carries
// code, prompt text, a file path or a document URI.
//
// The package must not import lsp (lsp hands it plain strings) nor
// go.lsp.dev.
package metrics
