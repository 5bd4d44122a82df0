// Package benchmark replays realistic editing through the real language
// server and measures what users get and what the GPU pays: characters
// inserted by accepting suggestions, whole or in part, and their share of
// the written text, suggestions shown, keystroke to ghost text; then backend
// requests, prompt tokens recomputed, decode tokens wasted, the simulated
// GPU's time per accepted character, and the daemon's own cost.
//
// Editors are synthesized from source files that no one here wrote (the Go
// standard library, and Python, C and Lua sources when the machine has
// them), typed with log-normal gaps, pauses, typos and accepted suggestions.
// Each strategy (lspilot, and the request strategies of peer tools) runs on
// the same traces against the same simulated or real backend, in one run,
// so the figures compare side by side. The daemon's side of every strategy
// is built by pipeline.Build, the constructor `lspilot serve` uses: a
// strategy is a set of its options (no scheduler, another picker, a pinned
// slot) and of the completion engine's switches, and the simulated replicas,
// wrapped to count what they serve, reach it through its OpenReplica hook.
// A virtual clock, injected through
// the engines, the scheduler and the simulator, replays faster than real
// time. A soak (Soak) runs one strategy in real time for long, with a
// replica killed and restarted, and checks that every request put on the
// wire was answered and that the daemon came back to idle: no work in
// flight, its goroutines (told apart by a profiler label) back to their
// number when the editors had connected.
//
// It is the engine behind "lspilot bench", internal to the command (Go
// forbids any other importer); it may import lsp, inference and
// their subpackages, and must not be imported by them.
package benchmark
