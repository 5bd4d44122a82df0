// Package proctest holds what the harnesses that build, cache and run real
// programs for end-to-end tests share: a per-machine cache directory whose
// entries are built once under a file lock, a log that collects a process's
// output line by line and lets tests wait for a line, and a free loopback
// port.
//
// It is test support: harness packages (ollamatest, chroottest,
// llamaservertest) and _test files import it, never product code. It imports
// only the standard library.
package proctest
