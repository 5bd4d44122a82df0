package discover

import (
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/ollama/ollama/envconfig"

	"github.com/lspilot/lspilot/inference"
)

// Target is a place where a server may listen.
type Target struct {
	// Kind is the server kind looked for there.
	Kind inference.BackendKind
	// URL is the base URL probed.
	URL string
	// From says where the address came from: "OLLAMA_HOST", "LLAMA_ARG_HOST
	// and LLAMA_ARG_PORT", or "default".
	From string
}

// Server names a target in messages: "Ollama", "llama-server" or "the
// OpenAI-compatible server".
func (t Target) Server() string {
	switch t.Kind {
	case inference.KindLlamaCpp:
		return "llama-server"
	case inference.KindOpenAI:
		return "the OpenAI-compatible server"
	}
	return "Ollama"
}

// Default ports of the servers looked for.
const (
	OllamaPort      = 11434
	LlamaServerPort = 8080
)

// Targets returns where to look, Ollama first: Ollama where OLLAMA_HOST
// points as Ollama's own client reads it (host, host:port or URL), and
// llama-server at LLAMA_ARG_HOST:LLAMA_ARG_PORT, the variables llama-server
// reads for --host and --port. getenv reads the environment (os.Getenv);
// OLLAMA_HOST is read by Ollama's envconfig from the process environment.
func Targets(getenv func(string) string) []Target {
	ollama := Target{Kind: inference.KindOllama, URL: loopback(envconfig.Host()).String(), From: "default"}
	if strings.TrimSpace(getenv("OLLAMA_HOST")) != "" {
		ollama.From = "OLLAMA_HOST"
	}
	return []Target{ollama, llamaServer(getenv)}
}

// llamaServer is llama-server's address from its environment variables.
func llamaServer(getenv func(string) string) Target {
	t := Target{Kind: inference.KindLlamaCpp, From: "default"}
	host, port := strings.TrimSpace(getenv("LLAMA_ARG_HOST")), strings.TrimSpace(getenv("LLAMA_ARG_PORT"))
	if host != "" || port != "" {
		t.From = "LLAMA_ARG_HOST and LLAMA_ARG_PORT"
	}
	if host == "" {
		host = "127.0.0.1"
	}
	if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
		port = strconv.Itoa(LlamaServerPort)
	}
	u := &url.URL{Scheme: "http", Host: net.JoinHostPort(strings.Trim(host, "[]"), port)}
	t.URL = loopback(u).String()
	return t
}

// loopback replaces a wildcard listening address (0.0.0.0, ::), which a
// server binds but a client should not dial, with the loopback address.
func loopback(u *url.URL) *url.URL {
	host, port, err := net.SplitHostPort(u.Host)
	if err != nil {
		return u
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if ip.To4() == nil {
			host = "::1"
		}
	}
	out := *u
	out.Host = net.JoinHostPort(host, port)
	return &out
}
