// Package chroottest gives end-to-end tests programs that Debian 12 lacks
// (llama.cpp's llama-server, Neovim 0.12, Helix, Emacs 30) by running them in
// a Debian unstable chroot.
//
// Ensure builds the chroot once per machine with debootstrap (minbase, the
// mirror apt uses by default) and apt-get, and caches it under
// ${XDG_CACHE_HOME:-$HOME/.cache}/lspilot/chroot/sid-<key>, where the key is
// a hash of the recipe version and Packages: changing either builds a new
// chroot. Concurrent test binaries wait for one build under a file lock, and
// a build appears under its final name only when complete. A cold build takes
// one to two minutes, so CI runs `go run ./inference/chroottest/buildchroot`
// before `go test`; tests build it lazily otherwise.
//
// Root.Command runs a program inside the chroot on the host's network, so
// servers on 127.0.0.1 are reachable from both sides. Each command gets a
// private mount namespace in which /proc and /dev/pts are mounted: the
// mounts vanish with the command's last process and never show on the host,
// so removing a directory never meets them.
//
// Building and entering the chroot needs root; without it Ensure fails with
// ErrNotRoot, whose message says what to run.
//
// The package is test support: harnesses and _test files import it, never
// product code. It imports proctest and the standard library only.
package chroottest
