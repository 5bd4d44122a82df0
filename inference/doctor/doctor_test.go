package doctor_test

import (
	"context"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/zap/zaptest"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/doctor"
	"github.com/lspilot/lspilot/inference/internal/backendtest"
)

const fimTemplate = `{{ if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{ else }}{{ .Prompt }}{{ end }}`

// fakeOllama serves the endpoints doctor uses; "coder" has a FIM template,
// "coder:instruct" has none.
func fakeOllama(t *testing.T) *backendtest.Server {
	return backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/version":
			backendtest.Write(w, "application/json", `{"version":"0.17.4"}`)
		case "/api/tags":
			backendtest.Write(w, "application/json", `{"models":[{"name":"coder:instruct","details":{"family":"qwen2"}},{"name":"coder","details":{"family":"qwen2","parameter_size":"494M"}}]}`)
		case "/api/ps":
			backendtest.Write(w, "application/json", `{"models":[{"name":"coder:latest","context_length":8192}]}`)
		case "/api/show":
			switch backendtest.DecodeBody(t, r)["model"] {
			case "coder":
				backendtest.Write(w, "application/json", `{"template":`+quote(fimTemplate)+`,"capabilities":["completion","insert"],`+
					`"details":{"family":"qwen2","parameter_size":"494M","quantization_level":"Q8_0"},`+
					`"model_info":{"general.architecture":"qwen2","qwen2.context_length":32768}}`)
			case "coder:instruct":
				backendtest.Write(w, "application/json", `{"template":"{{ .Prompt }}","capabilities":["completion"],"details":{"family":"qwen2"},`+
					`"model_info":{"general.architecture":"qwen2","qwen2.context_length":32768}}`)
			default:
				w.WriteHeader(http.StatusNotFound)
				w.Write([]byte(`{"error":"model 'missing' not found"}`))
			}
		case "/api/generate":
			body := backendtest.DecodeBody(t, r)
			if body["suffix"] != "" && body["model"] == "coder:instruct" {
				w.WriteHeader(http.StatusBadRequest)
				w.Write([]byte(`{"error":"\"coder:instruct\" does not support insert"}`))
				return
			}
			backendtest.Write(w, "application/x-ndjson", `{"response":"a + b","done":false}`+"\n",
				`{"response":"","done":true,"done_reason":"stop","load_duration":1500000000,"prompt_eval_count":9,"eval_count":1}`+"\n")
		default:
			http.NotFound(w, r)
		}
	})
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`"`, `\"`).Replace(s) + `"`
}

var durations = regexp.MustCompile(`\d+(\.\d+)?(ns|µs|ms|s)\b`)

func TestRun(t *testing.T) {
	srv := fakeOllama(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String()
	ln.Close()
	tests := []struct {
		name       string
		give       inference.BackendConfig
		opts       doctor.Options
		want       string
		wantFailed bool
	}{
		{
			name: "healthy",
			give: inference.BackendConfig{Name: "local", Kind: inference.KindOllama, URL: srv.URL, Model: "coder", NumCtx: 8192},
			want: `ok    config   backend "local", kind ollama, model "coder", 1 server(s)
ok    server   ollama 0.17.4 at URL answers in D
ok    model    coder (qwen2, 494M, Q8_0)
ok    context  32768 tokens; loaded with num_ctx 8192; num_ctx 8192 configured
ok    fim      the model fills in the middle natively (its template uses the suffix)
ok    latency  first token in D warm; first request D (model load D)
`,
		},
		{
			name: "invalid config",
			give: inference.BackendConfig{Name: "bad", Kind: "vllm"},
			want: `FAIL  config   kind: unknown kind "vllm" (want one of ollama, openai, llamacpp, or empty to detect); url: required
               fix: correct the keys named above in the backend's configuration
`,
			wantFailed: true,
		},
		{
			name: "server down",
			give: inference.BackendConfig{Name: "local", Kind: inference.KindOllama, URL: refused, Model: "coder"},
			want: `ok    config   backend "local", kind ollama, model "coder", 1 server(s)
FAIL  server   local: backend unreachable: Get "URL/api/version": dial tcp ADDR: connect: connection refused
               fix: is Ollama running at URL? start it with ` + "`ollama serve`" + `
skip  model    skipped: server failed
skip  fim      skipped: server failed
skip  context  skipped: server failed
skip  latency  skipped: server failed
`,
			wantFailed: true,
		},
		{
			name: "model missing",
			give: inference.BackendConfig{Name: "local", URL: srv.URL, Model: "missing"},
			want: `ok    config   backend "local", kind detected, model "missing", 1 server(s)
ok    server   ollama 0.17.4 at URL answers in D
FAIL  model    local: model not found: model 'missing' not found (HTTP 404)
               fix: run ` + "`ollama pull missing`" + `; the server offers coder, coder:instruct; lspilot would pick coder (fill-in-the-middle code model): set ` + "`model`" + ` to it (--model coder)
skip  fim      skipped: model failed
skip  context  skipped: model failed
skip  latency  skipped: model failed
`,
			wantFailed: true,
		},
		{
			name: "no model",
			give: inference.BackendConfig{Name: "local", URL: srv.URL},
			want: `ok    config   backend "local", kind detected, model "", 1 server(s)
ok    server   ollama 0.17.4 at URL answers in D
FAIL  model    no model configured (` + "`model`" + `, or --model)
               fix: the server offers coder, coder:instruct; lspilot would pick coder (fill-in-the-middle code model): set ` + "`model`" + ` to it (--model coder)
skip  fim      skipped: model failed
skip  context  skipped: model failed
skip  latency  skipped: model failed
`,
			wantFailed: true,
		},
		{
			name: "instruct model without FIM",
			give: inference.BackendConfig{Name: "local", Kind: inference.KindOllama, URL: srv.URL, Model: "coder:instruct"},
			want: `ok    config   backend "local", kind ollama, model "coder:instruct", 1 server(s)
ok    server   ollama 0.17.4 at URL answers in D
ok    model    coder:instruct (qwen2)
ok    context  32768 tokens
FAIL  fim      the model cannot fill in the middle natively
               fix: this model has no FIM template; use a base code model or set ` + "`fim.template`" +
				` ("coder:instruct" looks like an instruct model: inline completion wants a base code model trained for FIM, such as qwen2.5-coder:1.5b-base)
ok    latency  first token in D warm; first request D (model load D)
`,
			wantFailed: true,
		},
		{
			name: "raw FIM needs no template",
			give: inference.BackendConfig{Name: "local", Kind: inference.KindOllama, URL: srv.URL, Model: "coder:instruct"},
			opts: doctor.Options{RawFIM: true},
			want: `ok    config   backend "local", kind ollama, model "coder:instruct", 1 server(s)
ok    server   ollama 0.17.4 at URL answers in D
ok    model    coder:instruct (qwen2)
ok    context  32768 tokens
ok    fim      no native FIM; lspilot lays out FIM prompts itself (fim.template)
ok    latency  first token in D warm; first request D (model load D)
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			report, err := doctor.Run(context.Background(), tt.give, tt.opts, &out, zaptest.NewLogger(t))
			if err != nil {
				t.Fatal(err)
			}
			got := strings.NewReplacer(srv.URL, "URL", refused, "URL", strings.TrimPrefix(refused, "http://"), "ADDR").Replace(out.String())
			got = durations.ReplaceAllString(got, "D")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
			if report.Failed() != tt.wantFailed {
				t.Errorf("Failed() = %v, want %v", report.Failed(), tt.wantFailed)
			}
		})
	}
}

func TestRunOpenAIWithoutSuffixSupport(t *testing.T) {
	srv := backendtest.NewServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/models":
			backendtest.Write(w, "application/json", `{"data":[{"id":"coder","max_model_len":16384}]}`)
		case "/v1/completions":
			if backendtest.DecodeBody(t, r)["suffix"] != nil {
				w.WriteHeader(http.StatusBadRequest)
				w.Write([]byte(`{"object":"error","message":"suffix is not currently supported","type":"BadRequestError","code":400}`))
				return
			}
			backendtest.Write(w, "text/event-stream", `data: {"choices":[{"index":0,"text":"a + b","finish_reason":"stop"}]}`+"\n\ndata: [DONE]\n\n")
		default:
			http.NotFound(w, r)
		}
	})
	var out strings.Builder
	cfg := inference.BackendConfig{Name: "vllm", URL: srv.URL + "/v1", Model: "coder"}
	report, err := doctor.Run(context.Background(), cfg, doctor.Options{}, &out, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	got := durations.ReplaceAllString(strings.ReplaceAll(out.String(), srv.URL, "URL"), "D")
	want := `ok    config   backend "vllm", kind detected, model "coder", 1 server(s)
ok    server   openai (version not reported) at URL/v1 answers in D
ok    model    coder
ok    context  16384 tokens
FAIL  fim      the model cannot fill in the middle natively
               fix: this model has no FIM template; use a base code model or set ` + "`fim.template`" + `
ok    latency  first token in D warm; first request D
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	if !report.Failed() {
		t.Error("Failed() = false, want true")
	}
}
