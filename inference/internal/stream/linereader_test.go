package stream_test

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/internal/stream"
)

func TestLineReader(t *testing.T) {
	tests := []struct {
		name    string
		give    string
		max     int
		want    []string
		wantErr error
	}{
		{name: "lines", give: "a\nbc\r\n\nd\n", max: 10, want: []string{"a", "bc", "", "d"}, wantErr: io.EOF},
		{name: "last line without newline", give: "a\nbc", max: 10, want: []string{"a", "bc"}, wantErr: io.ErrUnexpectedEOF},
		{name: "line at the bound", give: "0123456789\n", max: 10, want: []string{"0123456789"}, wantErr: io.EOF},
		{name: "line over the bound", give: "ok\n0123456789x\n", max: 10, want: []string{"ok"}, wantErr: inference.ErrLineTooLong},
		{name: "line over the bound at the end", give: "0123456789xy", max: 10, wantErr: inference.ErrLineTooLong},
		{name: "long line across buffer refills", give: strings.Repeat("x", 100000) + "\n", max: 200000,
			want: []string{strings.Repeat("x", 100000)}, wantErr: io.EOF},
		{name: "very long line over a large bound", give: strings.Repeat("x", 300000) + "\n", max: 200000,
			wantErr: inference.ErrLineTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lr := stream.NewLineReader(strings.NewReader(tt.give), tt.max)
			var got []string
			var err error
			for {
				var line []byte
				line, err = lr.ReadLine()
				if err != nil {
					if errors.Is(err, io.ErrUnexpectedEOF) {
						got = append(got, string(line))
					}
					break
				}
				got = append(got, string(line))
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("error = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSSEReader(t *testing.T) {
	give := ": ping\n\ndata: {\"a\":1}\n\nevent: x\ndata:[DONE]\nerror: {\"message\":\"m\"}\n\n"
	type field struct{ Name, Value string }
	want := []field{{"", " ping"}, {"data", `{"a":1}`}, {"event", "x"}, {"data", "[DONE]"}, {"error", `{"message":"m"}`}}
	r := stream.NewSSEReader(strings.NewReader(give), 0)
	var got []field
	for {
		name, v, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, field{name, string(v)})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	if !stream.IsDone([]byte("[DONE]")) || stream.IsDone([]byte("{}")) {
		t.Error("IsDone is wrong")
	}
}
