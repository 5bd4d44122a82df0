package chroottest

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
)

// Suite is the Debian suite of the chroot.
const Suite = "sid"

// recipeVersion changes whenever the build steps change, so that a chroot
// built by older steps is not reused.
const recipeVersion = 1

// Packages lists what the chroot installs on top of minbase: llama-server
// and certificate authorities for the inference tests; the current editors
// for the editor tests, with the Go grammar Emacs's go-ts-mode compiles;
// and Node.js with what npm needs to build code-server's native modules.
var Packages = []string{
	"llama.cpp-tools", "ca-certificates",
	"neovim", "hx", "emacs-nox", "tree-sitter-go-src",
	"nodejs", "npm", "node-gyp", "g++", "make", "python3",
}

// noValidUntil lets apt read the mirror's unstable index, whose Valid-Until
// has passed on a dated snapshot mirror.
const noValidUntil = `Acquire::Check-Valid-Until "false";` + "\n"

// chrootEnv is the environment of every command in the chroot, before the
// caller's additions.
var chrootEnv = []string{
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	"HOME=/root",
	"LANG=C.UTF-8",
	"DEBIAN_FRONTEND=noninteractive",
}

// key names the chroot that the recipe and packages build.
func key(packages []string) string {
	p := slices.Clone(packages)
	slices.Sort(p)
	h := sha256.Sum256(fmt.Appendf(nil, "recipe %d\nsuite %s\nvariant minbase\npackages %s\n",
		recipeVersion, Suite, strings.Join(p, " ")))
	return fmt.Sprintf("%s-%x", Suite, h[:6])
}
