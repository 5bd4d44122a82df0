package benchmark

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

// TestWriteSVG: the plot is well-formed XML with a bar per value and the
// strategies' names escaped.
func TestWriteSVG(t *testing.T) {
	results := []Result{
		{Strategy: "naive", Editors: 2, Replicas: 1, Keystrokes: 100, BackendRequests: 99, P95: 0},
		{Strategy: "a<b>&c", Editors: 2, Replicas: 1, Keystrokes: 100, BackendRequests: 15, Shown: 10,
			P50: 5 * time.Millisecond, P95: 200 * time.Millisecond, P99: 300 * time.Millisecond, NoBackendShare: 0.5, Wasted: 0.03},
	}
	var b strings.Builder
	if err := WriteSVG(&b, results); err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(strings.NewReader(b.String()))
	bars := 0
	for {
		tok, err := d.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("not XML: %v\n%s", err, b.String())
			}
			break
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "rect" {
			bars++
		}
	}
	// One background, a legend box per series, a bar per series per result.
	series := 2 + 1 + 3 + 1 + 2 + 2 + 1
	want := 1 + series + len(results)*series
	if bars != want {
		t.Errorf("%d rects, want %d", bars, want)
	}
	if !strings.Contains(b.String(), "a&lt;b&gt;&amp;c") {
		t.Error("strategy name not escaped")
	}
}
