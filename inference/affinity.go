package inference

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// AffinityKey returns the routing key of an editor session: the value of a
// backend's affinity header and of OpenAI's prompt_cache_key, which routers
// in front of many replicas (vLLM's and SGLang's routers, OpenAI) hash to
// keep a session's requests on the replica that holds its prompt prefix.
//
// The key is an HMAC-SHA256 of the session name under a random secret drawn
// once per process, cut to 128 bits and written in hex: stable for one
// session while the daemon runs, different across sessions and daemons, and
// free of anything a server could read back (no process id, path, user name
// or file content). Requests without a session share the daemon's own key.
func AffinityKey(session string) string {
	mac := hmac.New(sha256.New, affinitySecret())
	mac.Write([]byte("lspilot affinity\x00"))
	mac.Write([]byte(session))
	return hex.EncodeToString(mac.Sum(nil)[:16])
}

// affinitySecret is drawn once per process; crypto/rand never fails.
var affinitySecret = sync.OnceValue(func() []byte {
	b := make([]byte, 32)
	rand.Read(b)
	return b
})

// refusedHeaders are the header names an affinity header may not take,
// lower case: credentials, hop-by-hop and framing headers, the ones the
// HTTP client sets itself, the forwarding headers proxies trust, and the
// request id lspilot sends.
var refusedHeaders = []string{
	"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key",
	"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
	"host", "content-length", "content-type", "content-encoding", "accept", "accept-encoding", "expect",
	"forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip",
	strings.ToLower(RequestIDHeader),
}

// CheckAffinityHeader reports why name cannot carry the affinity key, or ""
// when it can: it must be an HTTP field name (RFC 9110 token) and none of
// the credential, hop-by-hop, framing or forwarding headers. The empty name
// is fine: it sends no header.
func CheckAffinityHeader(name string) string {
	if name == "" {
		return ""
	}
	for _, c := range []byte(name) {
		if !isTokenChar(c) {
			return fmt.Sprintf("%q is not an HTTP header name", name)
		}
	}
	if slices.Contains(refusedHeaders, strings.ToLower(name)) {
		return fmt.Sprintf("%q is a header lspilot or the HTTP client sets, or one that carries credentials", name)
	}
	return ""
}

// isTokenChar reports whether c may appear in an RFC 9110 token.
func isTokenChar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
