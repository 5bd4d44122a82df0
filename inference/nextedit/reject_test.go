package nextedit

import (
	"strings"
	"testing"
)

func TestRejectedCoversItsParts(t *testing.T) {
	text := "a := 1\ntotal += x\nkeep\nreturn total\n"
	// offerOf makes an offer replacing the lines from first to last (their
	// text) by repl.
	offerOf := func(from, to, repl string) *offer {
		start := strings.Index(text, from)
		end := strings.Index(text, to) + len(to)
		return &offer{session: "s", uri: "u", text: text, start: start, end: end, new: repl}
	}
	rejected := offerOf("total += x", "return total", "sum += x\nkeep\nreturn sum")
	tests := []struct {
		name string
		o    *offer
		want bool
	}{
		{name: "the same edit", o: offerOf("total += x", "return total", "sum += x\nkeep\nreturn sum"), want: true},
		{name: "a part of it", o: offerOf("total += x", "total += x", "sum += x"), want: true},
		{name: "the other part", o: offerOf("return total", "return total", "return sum"), want: true},
		{name: "another change of a line it changed", o: offerOf("total += x", "total += x", "total += 2*x"), want: false},
		{name: "a change it did not make", o: offerOf("a := 1", "a := 1", "a := 2"), want: false},
		{name: "lines added", o: offerOf("total += x", "total += x", "sum += x\nsum++"), want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCache()
			c.reject(rejected)
			if got := c.wasRejected(tt.o); got != tt.want {
				t.Errorf("wasRejected = %v, want %v (changes %q)", got, tt.want, tt.o.changes())
			}
		})
	}
}
