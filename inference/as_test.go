package inference_test

import (
	"context"
	"testing"

	"github.com/lspilot/lspilot/inference"
)

// plain is a backend with no optional ability.
type plain struct{ name string }

func (p plain) Name() string                       { return p.name }
func (plain) Kind() inference.BackendKind          { return inference.KindOllama }
func (plain) Capabilities() inference.Capabilities { return inference.Capabilities{} }
func (plain) Generate(context.Context, *inference.Request, func(inference.Chunk) error) (inference.Stats, error) {
	return inference.Stats{}, nil
}

// pinging answers pings with its name as the version.
type pinging struct{ plain }

func (p pinging) Ping(context.Context) (inference.ServerInfo, error) {
	return inference.ServerInfo{Version: p.name}, nil
}

// wrapper decorates a backend and exposes it through Unwrap.
type wrapper struct{ inference.Backend }

func (w wrapper) Unwrap() inference.Backend { return w.Backend }

// intercepting wraps a backend and answers pings itself when the backend
// it wraps can ping; other abilities come from the backend through Unwrap.
type intercepting struct {
	inference.Backend
	asked int
}

func (i *intercepting) Unwrap() inference.Backend { return i.Backend }

func (i *intercepting) As(target any) bool {
	i.asked++
	p, ok := target.(*inference.Pinger)
	if !ok {
		return false
	}
	if _, inner := inference.As[inference.Pinger](i.Backend); !inner {
		return false
	}
	*p = pinging{plain{"intercepted"}}
	return true
}

func TestAs(t *testing.T) {
	tests := []struct {
		name string
		give inference.Backend
		// want is the version the found Pinger reports; empty for none.
		want string
	}{
		{name: "direct", give: pinging{plain{"direct"}}, want: "direct"},
		{name: "absent", give: plain{"p"}},
		{name: "nil", give: nil},
		{name: "through one Unwrap", give: wrapper{pinging{plain{"inner"}}}, want: "inner"},
		{name: "through an Unwrap chain", give: wrapper{wrapper{wrapper{pinging{plain{"deep"}}}}}, want: "deep"},
		{name: "absent at the end of a chain", give: wrapper{wrapper{plain{"p"}}}},
		{name: "intercepted by an As hook", give: &intercepting{Backend: pinging{plain{"inner"}}}, want: "intercepted"},
		{name: "intercepted below an Unwrap", give: wrapper{&intercepting{Backend: pinging{plain{"inner"}}}}, want: "intercepted"},
		{name: "a hook that declines claims nothing", give: &intercepting{Backend: plain{"p"}}},
		{name: "the outermost ability wins", give: pinging{plain{"outer"}}, want: "outer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := inference.As[inference.Pinger](tt.give)
			if ok != (tt.want != "") {
				t.Fatalf("As[Pinger]() ok = %v, want %v", ok, tt.want != "")
			}
			if !ok {
				if p != nil {
					t.Errorf("As[Pinger]() = %v without the ability, want nil", p)
				}
				return
			}
			if si, _ := p.Ping(context.Background()); si.Version != tt.want {
				t.Errorf("As[Pinger]() found %q, want %q", si.Version, tt.want)
			}
		})
	}
}

// TestAsHookSeesOtherTargets: a hook is asked about every ability and may
// leave the ones it does not intercept to Unwrap.
func TestAsHookSeesOtherTargets(t *testing.T) {
	i := &intercepting{Backend: pinging{plain{"inner"}}}
	if _, ok := inference.As[inference.Warmer](i); ok {
		t.Error("As[Warmer]() found a warmer in a chain without one")
	}
	if i.asked != 1 {
		t.Errorf("hook asked %d times, want 1", i.asked)
	}
	if b, ok := inference.As[inference.Backend](i); !ok || b != inference.Backend(i) {
		t.Errorf("As[Backend]() = %v, %v; want the backend itself", b, ok)
	}
}
