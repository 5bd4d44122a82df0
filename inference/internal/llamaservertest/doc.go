// Package llamaservertest runs the real llama.cpp server, llama-server, for
// end-to-end tests.
//
// Debian 12 has no llama-server, so it runs inside the Debian unstable
// chroot of package chroottest (package llama.cpp-tools), on the host's
// network. Start writes the generated model of package tinymodel into the
// chroot and launches
//
//	llama-server -m MODEL --host 127.0.0.1 --port P -np 2 -c 8192 --slots --no-webui
//
// on a free loopback port (two slots of 4096 tokens: /infill adds input_extra
// only where a slot's context exceeds the batch size, 2048, plus twice
// n_predict; see WithBatch), waits for /health, captures its log and stops it
// when the test ends. The model has the FIM tokens that /infill needs, and
// greedily generates tinymodel.CycleText from <|fim_middle|> on, so
// completions are known in advance. The model is served under its file name,
// lspilot-tiny-small, with no --alias.
//
// The log (Log, CountLog, WaitLog) shows what the server did with a request:
// LogCancel when it saw a client go away, LogRelease with the tokens a slot
// holds when a task ends.
//
// The package is test support: it imports chroottest, proctest, tinymodel
// and the standard library, never lspilot's product packages, and product
// code must not import it.
package llamaservertest
