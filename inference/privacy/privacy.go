// Package privacy decides which files lspilot never sends to a backend:
// private keys, certificates, environment files, credential stores and
// everything under .git/. Every feature asks the same [Matcher], built from
// the built-in patterns plus those the configuration adds.
//
// It is pure: no I/O, no logging, and it imports nothing of lspilot, LSP or
// the backends.
package privacy

import (
	"fmt"
	"path"
	"strings"
	"sync"
)

// Builtin are the patterns every Matcher holds; configuration adds to them
// and cannot remove them.
var Builtin = []string{
	// Environment files and private keys.
	".env*", "*.env", "*.pem", "*.key", "*.p12", "*.pfx", "*.keystore", "*.jks", "*.ppk",
	"id_rsa*", "id_dsa*", "id_ecdsa*", "id_ed25519*",
	// Credential and secret files.
	"credentials*", "*secret*", ".netrc", "_netrc", ".npmrc", ".pypirc", ".git-credentials",
	".pgpass", ".my.cnf", ".s3cfg", ".htpasswd", ".vault-token", ".dockercfg", "*.kdbx", "*.tfstate*",
	"application_default_credentials.json", ".docker/config.json", ".kube/config",
	// Directories of credentials and of version control.
	".git/", ".ssh/", ".gnupg/", ".aws/", ".azure/", ".config/gcloud/",
}

// Matcher tells whether a path is excluded. The zero value excludes nothing;
// use New.
type Matcher struct {
	patterns []pattern

	mu   sync.Mutex
	seen map[string]bool // guarded by mu; answers by path, for the keystroke path
}

// maxSeen bounds the answers a Matcher remembers; past it, it starts over.
const maxSeen = 4096

// pattern is one compiled pattern.
type pattern struct {
	segs     []string // lower-cased segments; "**" matches any number of them
	dir      bool     // ends in "/": matches directories, so everything under them
	anchored bool     // starts with "/": matches from the workspace root only
}

// New returns a matcher of the built-in patterns plus extra. Patterns are
// globs (path.Match syntax, case-insensitive) with these rules:
//   - a pattern without a slash matches a file's base name ("*.pem");
//   - a pattern ending in a slash matches a directory and so everything
//     under it, at any depth (".git/");
//   - a pattern with a slash inside matches consecutive segments of the path
//     ending at the file (".kube/config"), anywhere in the path unless it
//     starts with a slash, which anchors it at the workspace root
//     ("/config/prod/*.yaml"); "**" matches any number of segments.
func New(extra []string) (*Matcher, error) {
	m := &Matcher{}
	for _, p := range append(append([]string(nil), Builtin...), extra...) {
		c, err := compile(p)
		if err != nil {
			return nil, err
		}
		m.patterns = append(m.patterns, c)
	}
	return m, nil
}

// Check reports whether p is a valid pattern.
func Check(p string) error {
	_, err := compile(p)
	return err
}

func compile(p string) (pattern, error) {
	raw := p
	p = strings.ToLower(strings.TrimSpace(p))
	var c pattern
	c.anchored = strings.HasPrefix(p, "/")
	c.dir = strings.HasSuffix(p, "/")
	p = strings.Trim(p, "/")
	if p == "" {
		return pattern{}, fmt.Errorf("pattern %q matches nothing", raw)
	}
	c.segs = strings.Split(p, "/")
	for _, s := range c.segs {
		if _, err := path.Match(s, ""); err != nil || s == "" {
			return pattern{}, fmt.Errorf("pattern %q is not a valid glob", raw)
		}
	}
	return c, nil
}
