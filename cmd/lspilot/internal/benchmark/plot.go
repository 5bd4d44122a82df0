package benchmark

import (
	"fmt"
	"html"
	"io"
	"math"
	"strings"
	"time"
)

// panel is one bar chart of the plot: a value per result, per series.
type panel struct {
	title  string
	series []string
	value  func(r Result, series int) float64
}

// panels, what users get first, then what it cost; the GPU panel shows 0
// for a real backend.
var panels = []panel{
	{title: "per 100 keystrokes", series: []string{"accepted characters", "suggestions shown"},
		value: func(r Result, i int) float64 { return []float64{r.AcceptedCharsPer100(), r.ShownPer100()}[i] }},
	{title: "written text from accepted suggestions (%)", series: []string{"written"},
		value: func(r Result, _ int) float64 { return 100 * r.WrittenShare() }},
	{title: "keystroke to suggestion (ms)", series: []string{"p50", "p95", "p99"},
		value: func(r Result, i int) float64 {
			return float64([]time.Duration{r.P50, r.P95, r.P99}[i]) / 1e6
		}},
	{title: "backend requests per 100 keystrokes", series: []string{"requests"},
		value: func(r Result, _ int) float64 { return r.RequestsPer100() }},
	{title: "share of shown suggestions (%)", series: []string{"without a backend call", "accepted"},
		value: func(r Result, i int) float64 { return 100 * []float64{r.NoBackendShare, r.AcceptRate()}[i] }},
	{title: "share of tokens (%)", series: []string{"prompt recomputed", "decode wasted"},
		value: func(r Result, i int) float64 { return 100 * known([]float64{r.Recomputed, r.Wasted}[i]) }},
	{title: "simulated GPU busy ms per accepted character", series: []string{"GPU ms"},
		value: func(r Result, _ int) float64 {
			s, _ := r.GPUSecondsPerAcceptedChar()
			return 1000 * s
		}},
}

var colors = []string{"#4e79a7", "#f28e2b", "#e15759"}

// Plot geometry, in pixels.
const (
	plotWidth   = 720
	panelHeight = 190
	barArea     = 120
)

// WriteSVG draws results as an SVG image, one group of bars per result:
// accepted characters and suggestions shown per 100 keystrokes, the written
// share, latency, requests, the shares of suggestions and tokens, and the
// simulated GPU's time per accepted character.
func WriteSVG(w io.Writer, results []Result) error {
	var b strings.Builder
	height := len(panels) * panelHeight
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">`+"\n", plotWidth, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", plotWidth, height)
	for i, p := range panels {
		drawPanel(&b, p, results, i*panelHeight)
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func drawPanel(b *strings.Builder, p panel, results []Result, top int) {
	peak := 0.0
	for _, r := range results {
		for s := range p.series {
			peak = max(peak, p.value(r, s))
		}
	}
	if peak == 0 {
		peak = 1
	}
	base := top + 30 + barArea
	fmt.Fprintf(b, `<text x="10" y="%d" font-size="13" font-weight="bold">%s</text>`+"\n", top+18, html.EscapeString(p.title))
	for s, name := range p.series {
		x := plotWidth - 170
		y := top + 14 + 14*s
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d">%s</text>`+"\n",
			x, y-9, colors[s], x+14, y, html.EscapeString(name))
	}
	group := (plotWidth - 20) / max(len(results), 1)
	bar := min(28, (group-10)/len(p.series))
	for i, r := range results {
		x0 := 10 + i*group
		for s := range p.series {
			v := p.value(r, s)
			h := int(float64(barArea-14) * v / peak)
			x := x0 + s*bar
			fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>`+"\n", x, base-h, bar-2, h, colors[s])
			fmt.Fprintf(b, `<text x="%d" y="%d" font-size="9" text-anchor="middle">%s</text>`+"\n", x+bar/2-1, base-h-3, short(v))
		}
		label := r.Strategy
		if r.Replicas > 1 || r.Editors != results[0].Editors {
			label = fmt.Sprintf("%s %d×%d", r.Strategy, r.Editors, r.Replicas)
		}
		fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", x0+bar*len(p.series)/2, base+14, html.EscapeString(label))
	}
}

func short(v float64) string {
	if v >= 10 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// known is f, or 0 when f is unknown (NaN).
func known(f float64) float64 {
	if math.IsNaN(f) {
		return 0
	}
	return f
}
