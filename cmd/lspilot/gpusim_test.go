package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestGPUSimProcess runs lspilot gpusim on free ports, streams a completion
// from each replica through the addresses it prints, and stops it with
// SIGINT: it exits 0 and prints what each replica did.
func TestGPUSimProcess(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"one port", []string{"--listen", "127.0.0.1:0", "--preset", "h100-1.5b", "--replicas", "2", "--model", "coder"}},
		{"per-replica ports", []string{"--listen", "127.0.0.1:0", "--preset", "h100-1.5b", "--replicas", "2", "--model", "coder", "--per-replica-ports"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(binary, append([]string{"gpusim"}, tt.args...)...)
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if cmd.ProcessState == nil {
					cmd.Process.Kill()
					cmd.Wait()
				}
			})
			lines := make(chan string, 64)
			go func() {
				defer close(lines)
				sc := bufio.NewScanner(stderr)
				for sc.Scan() {
					lines <- sc.Text()
				}
			}()
			urls := replicaURLs(t, lines, 2)
			for _, u := range urls {
				streamCompletion(t, u)
			}
			cmd.Process.Signal(syscall.SIGINT)
			var rest []string
			for l := range lines {
				rest = append(rest, l)
			}
			if err := cmd.Wait(); err != nil {
				t.Errorf("lspilot gpusim exited with %v\n%s", err, strings.Join(rest, "\n"))
			}
			out := strings.Join(rest, "\n")
			for _, want := range []string{"replica 0: requests 1 (finished 1", "replica 1: requests 1 (finished 1", "total: requests 2"} {
				if !strings.Contains(out, want) {
					t.Errorf("final stats lack %q:\n%s", want, out)
				}
			}
		})
	}
}

var replicaLine = regexp.MustCompile(`^replica (\d+): (http://\S+)`)

// replicaURLs reads the addresses gpusim prints for n replicas.
func replicaURLs(t *testing.T, lines <-chan string, n int) []string {
	t.Helper()
	var urls []string
	timeout := time.After(30 * time.Second)
	for len(urls) < n {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("lspilot gpusim ended before printing %d addresses", n)
			}
			t.Log(l)
			if m := replicaLine.FindStringSubmatch(l); m != nil {
				urls = append(urls, m[2])
			}
		case <-timeout:
			t.Fatal("lspilot gpusim printed no addresses")
		}
	}
	return urls
}

// streamCompletion streams a completion from base and checks the
// server-sent events.
func streamCompletion(t *testing.T, base string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	body := `{"model":"coder","prompt":"func add(a, b int) int {","max_tokens":8,"stream":true,"stream_options":{"include_usage":true}}`
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/completions", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("POST %s/v1/completions = %d %q, %v", base, resp.StatusCode, b, err)
	}
	events := strings.Count(string(b), "data: ")
	if !strings.HasSuffix(string(b), "data: [DONE]\n\n") || events != 11 || !strings.Contains(string(b), `"completion_tokens":8`) {
		t.Errorf("stream of %d events, want 8 tokens, the finish, usage and [DONE]:\n%s", events, b)
	}
}

// TestGPUSimFlags checks the command's answers to bad flags.
func TestGPUSimFlags(t *testing.T) {
	tests := []struct {
		give []string
		want string
	}{
		{[]string{"--preset", "a100"}, "valid presets are h100-7b, h100-1.5b, cpu-tiny"},
		{[]string{"--replicas", "0"}, "--replicas must be at least 1"},
		{[]string{"--listen", "127.0.0.1", "--per-replica-ports"}, "--listen"},
		{[]string{"extra"}, "unexpected arguments"},
	}
	for _, tt := range tests {
		var stderr strings.Builder
		err := runGPUSim(context.Background(), tt.give, stdio{strings.NewReader(""), io.Discard, &stderr})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("gpusim %v = %v, want an error saying %q", tt.give, err, tt.want)
		}
	}
}
