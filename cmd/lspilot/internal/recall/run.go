package recall

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lspilot/lspilot/inference/complete"
	"github.com/lspilot/lspilot/inference/prompt"
)

// Options configure a run.
type Options struct {
	// Sets are the trees to draw sites from; empty means DefaultSets.
	Sets []Set
	// Sites is the number of sites per set (default 300).
	Sites int
	// Seed draws the sites and the files visited; the same seed gives the
	// same sites.
	Seed uint64
	// Definitions, when set, adds the definitions row.
	Definitions NewDefinitions
	// DirFeed adds the neighbors+dir row: what the neighbouring-files
	// source would recall if it were also fed the other files of the
	// site's directory, as a server reading the workspace could.
	DirFeed bool
	// Progress, when set, receives a line per set and strategy.
	Progress io.Writer
}

// Result is what one strategy gave on one set.
type Result struct {
	Set, Strategy string
	// Sites is the number of sites and Recalled those whose first prompt
	// held the declaration the line uses. Reachable counts the sites whose
	// declaring file the user visited before: what the ring and the
	// neighbouring files can know.
	Sites, Recalled, Reachable int
	// ContextTokens is the mean number of tokens a prompt carries beyond
	// the prompt without extra context, by the engine's estimate.
	ContextTokens float64
	// Stable is the share of prompt bytes identical to the previous
	// prompt's while the site's line is typed.
	Stable float64
	// Cold and Warm are the source's Snippets latencies at the first
	// request of each site and at a second one; empty without a source.
	Cold, Warm []time.Duration
	// Outcomes says, per site in sampling order, whether it was recalled.
	Outcomes []Outcome
}

// Outcome is one site's result: where it is, what it needs, and whether
// the first prompt held it.
type Outcome struct {
	// Path is the site's file and Line its line (from 1).
	Path     string
	Line     int
	Decl     Decl
	Recalled bool
}

// strategy is a row: whether the user visited files before each site
// (feeding the ring), whether the source is also fed the site's directory,
// and the source added, if any.
type strategy struct {
	name        string
	visit, dirs bool
	source      func(ctx context.Context, set Set) (contextSource, error)
}

func strategies(o Options) []strategy {
	out := []strategy{
		{name: "none"},
		{name: "ring", visit: true},
		{name: "neighbors", visit: true, source: func(context.Context, Set) (contextSource, error) {
			return neighborsSource{complete.NewNeighbors(complete.NeighborsConfig{})}, nil
		}},
	}
	if o.DirFeed {
		out = append(out, strategy{name: "neighbors+dir", visit: true, dirs: true, source: out[2].source})
	}
	if o.Definitions != nil {
		out = append(out, strategy{name: "definitions", visit: true, source: func(ctx context.Context, set Set) (contextSource, error) {
			d, err := o.Definitions(ctx, set)
			if err != nil {
				return nil, err
			}
			return &definitionsSource{Definitions: d, opened: map[string]bool{}}, nil
		}})
	}
	return out
}

// Run samples each set's sites and measures every strategy on them.
func Run(ctx context.Context, o Options) ([]Result, error) {
	if o.Sites <= 0 {
		o.Sites = 300
	}
	var out []Result
	for _, set := range o.Sets {
		start := time.Now()
		sites, err := Sample(set, o.Sites, o.Seed)
		if err != nil {
			return out, fmt.Errorf("sample %s: %w", set.Name, err)
		}
		progress(o.Progress, "%s: %d sites sampled in %v", set.Name, len(sites), time.Since(start).Round(time.Millisecond))
		var base []int
		for _, s := range strategies(o) {
			start := time.Now()
			r, lens, err := measure(ctx, set, sites, s, base)
			if err != nil {
				return out, fmt.Errorf("%s, %s: %w", set.Name, s.name, err)
			}
			if base == nil {
				base = lens
			}
			progress(o.Progress, "%s, %s: measured in %v", set.Name, s.name, time.Since(start).Round(time.Millisecond))
			out = append(out, r)
		}
	}
	return out, ctx.Err()
}

// Sample draws n sites of set with seed.
func Sample(set Set, n int, seed uint64) ([]Site, error) {
	f, err := newFinder(set)
	if err != nil {
		return nil, err
	}
	return sample(set, f, n, seed)
}

// newFinder returns the finder of set's language: go/parser for Go,
// regular expressions for the others.
func newFinder(set Set) (finder, error) {
	if set.Language == "go" {
		return newGoFinder(set), nil
	}
	return newRegexFinder(set)
}

func progress(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, format+"\n", args...)
	}
}

// measure runs strategy s on the sites. base holds the length of each
// site's prompt without context (nil while measuring that); it returns
// the lengths of this strategy's.
func measure(ctx context.Context, set Set, sites []Site, s strategy, base []int) (Result, []int, error) {
	var src *timed
	if s.source != nil {
		cs, err := s.source(ctx, set)
		if err != nil {
			return Result{}, nil, err
		}
		defer cs.close()
		src = &timed{contextSource: cs}
	}
	var engineSrc complete.Source
	if src != nil {
		engineSrc = src
	}
	eng, capt := newEngine(engineSrc)
	defer eng.Close()
	r := Result{Set: set.Name, Strategy: s.name, Sites: len(sites)}
	lens := make([]int, len(sites))
	var shared, total, ctxTokens float64
	for i, site := range sites {
		if ctx.Err() != nil {
			return r, lens, ctx.Err()
		}
		m := siteRun{ctx: ctx, eng: eng, capt: capt, src: src, set: set, session: fmt.Sprint(i)}
		p, sh, tot := m.run(site, s)
		lens[i] = len(p)
		hit := strings.Contains(p, site.Decl.Text)
		if hit {
			r.Recalled++
		}
		r.Outcomes = append(r.Outcomes, Outcome{Path: site.Path, Line: strings.Count(site.Text[:site.Cursor], "\n") + 1, Decl: site.Decl, Recalled: hit})
		if base != nil {
			ctxTokens += math.Ceil(float64(max(len(p)-base[i], 0)) / prompt.DefaultBytesPerToken)
		}
		shared, total = shared+sh, total+tot
		if slices.ContainsFunc(site.Visited, func(v Visit) bool { return v.Path == site.Decl.Path }) {
			r.Reachable++
		}
		if src != nil {
			r.Cold, r.Warm = append(r.Cold, m.cold), append(r.Warm, m.warm)
		}
	}
	r.ContextTokens = ctxTokens / float64(max(len(sites), 1))
	r.Stable = shared / max(total, 1)
	return r, lens, nil
}

// siteRun plays one site: the visits, the request at the site, the line
// typed.
type siteRun struct {
	ctx        context.Context
	eng        *complete.Engine
	capt       *capture
	src        *timed
	set        Set
	session    string
	cold, warm time.Duration
}

// resolveTimeout bounds the wait for a source to resolve a site's context.
const resolveTimeout = 10 * time.Second

// maxTyped bounds the characters of a line typed for prefix stability.
const maxTyped = 80

// run returns the site's first prompt and, over the typing of its line,
// the prompt bytes shared with the previous prompt and the bytes sent.
func (m *siteRun) run(site Site, s strategy) (first string, shared, total float64) {
	if s.dirs {
		m.feedDir(site)
	}
	if s.visit {
		for _, v := range site.Visited {
			m.open(v.Path, v.Text, 1)
			m.ask(v.Path, v.Text, v.Cursor)
		}
	}
	m.open(site.Path, site.Text, 1)
	req := m.request(site.Path, site.Text, site.Cursor)
	if m.src != nil {
		ctx, cancel := context.WithTimeout(m.ctx, resolveTimeout)
		m.src.prepare(ctx, req)
		cancel()
		m.src.take()
	}
	first = m.ask(site.Path, site.Text, site.Cursor)
	if m.src != nil {
		m.cold = firstOf(m.src.take())
		m.src.Snippets(req)
		m.warm = firstOf(m.src.take())
	}
	prev := first
	for k := 1; k <= min(len(site.Line), maxTyped); k++ {
		if k < len(site.Line) && !utf8.RuneStart(site.Line[k]) {
			continue
		}
		text := site.Text[:site.Cursor] + site.Line[:k] + site.Text[site.Cursor:]
		m.open(site.Path, text, int32(k+1))
		p := m.ask(site.Path, text, site.Cursor+k)
		shared += float64(commonPrefix(prev, p))
		total += float64(len(p))
		prev = p
	}
	for _, v := range site.Visited {
		m.eng.Forget(m.session, m.uri(v.Path))
	}
	m.eng.Forget(m.session, m.uri(site.Path))
	return first, shared, total
}

// uri is the URI of a file of the set: where it is on disk, as a language
// server needs it.
// dirFiles bounds the files of a site's directory fed to the source: with
// the files visited and the site's, the neighbouring-files source's bound.
const dirFiles = 16

// feedDir opens files of the site's directory that the user did not visit.
func (m *siteRun) feedDir(site Site) {
	fed := 0
	for _, rel := range site.Siblings {
		if fed == dirFiles {
			break
		}
		if slices.ContainsFunc(site.Visited, func(v Visit) bool { return v.Path == rel }) {
			continue
		}
		if src, err := os.ReadFile(filepath.Join(m.set.Root, filepath.FromSlash(rel))); err == nil && len(src) <= maxFileBytes {
			m.open(rel, string(src), 1)
			fed++
		}
	}
}

func (m *siteRun) uri(rel string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(m.set.Root, filepath.FromSlash(rel)))}).String()
}

func (m *siteRun) request(rel, text string, cursor int) complete.Request {
	return complete.Request{Session: m.session, URI: m.uri(rel), Path: rel, Language: m.set.Language,
		Text: text, Cursor: cursor, Invoked: true}
}

// open tells the source, if any, that the user opened or changed a file.
func (m *siteRun) open(rel, text string, version int32) {
	if m.src != nil {
		m.src.open(complete.Document{Session: m.session, URI: m.uri(rel), Path: rel, Language: m.set.Language, Text: text}, version)
	}
}

// ask requests a completion and returns the prompt it sent.
func (m *siteRun) ask(rel, text string, cursor int) string {
	m.capt.reset()
	if _, err := m.eng.Complete(m.ctx, m.request(rel, text, cursor)); err != nil {
		return ""
	}
	return m.capt.prompt()
}

func firstOf(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[0]
}

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// percentile returns the p-th percentile of d (0 < p ≤ 100).
func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(int(math.Ceil(p/100*float64(len(s))))-1, len(s)-1)]
}
