package benchmark

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
)

// roleLabel is the profiler label that tells the daemon's goroutines from
// the simulator's and the editors' in one process.
const roleLabel = "lspilot-bench"

// asDaemon runs f with the daemon's label: goroutines it starts, and theirs,
// count as the daemon's.
func asDaemon(ctx context.Context, f func(context.Context)) {
	pprof.Do(ctx, pprof.Labels(roleLabel, "daemon"), f)
}

// asSimulator runs f with the simulator's label.
func asSimulator(ctx context.Context, f func(context.Context)) {
	pprof.Do(ctx, pprof.Labels(roleLabel, "gpusim"), f)
}

// goroutines are a count of the process's goroutines by role.
type goroutines struct {
	// Daemon counts the daemon's goroutines (sessions, engine, scheduler,
	// clients), of which HTTP those of pooled connections to the replicas.
	Daemon, HTTP int
	// Simulator counts the simulated GPU server's; Other the rest (the
	// editors, the benchmark itself).
	Simulator, Other int
}

// countGoroutines reads the goroutine profile and counts by role label.
func countGoroutines() goroutines {
	var g goroutines
	for _, r := range goroutineRecords() {
		switch {
		case strings.Contains(r.text, `"`+roleLabel+`":"daemon"`):
			g.Daemon += r.n
			if r.http() {
				g.HTTP += r.n
			}
		case strings.Contains(r.text, `"`+roleLabel+`":"gpusim"`):
			g.Simulator += r.n
		default:
			g.Other += r.n
		}
	}
	return g
}

// daemonStacks names where the daemon's goroutines other than pooled HTTP
// connections wait: the innermost function of this module on each stack,
// with its count.
func daemonStacks() []string {
	var out []string
	for _, r := range goroutineRecords() {
		if !strings.Contains(r.text, `"`+roleLabel+`":"daemon"`) || r.http() {
			continue
		}
		where := "?"
		for _, line := range strings.Split(r.text, "\n") {
			if f := strings.Fields(line); len(f) >= 3 && f[0] == "#" && strings.Contains(f[2], "lspilot/lspilot/") {
				where = f[2]
				break
			}
		}
		out = append(out, fmt.Sprintf("%d in %s", r.n, where))
	}
	return out
}

// goroutineRecord is one record of the goroutine profile: n goroutines
// with the same stack and labels.
type goroutineRecord struct {
	n    int
	text string
}

func (r goroutineRecord) http() bool { return strings.Contains(r.text, "net/http.(*persistConn)") }

// goroutineRecords reads the goroutine profile.
func goroutineRecords() []goroutineRecord {
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		return []goroutineRecord{{n: runtime.NumGoroutine()}}
	}
	var out []goroutineRecord
	for _, rec := range strings.Split(buf.String(), "\n\n") {
		head, _, _ := strings.Cut(rec, " @ ")
		n, err := strconv.Atoi(strings.TrimSpace(head))
		if err != nil {
			continue // the profile's title, or an empty tail
		}
		out = append(out, goroutineRecord{n: n, text: rec})
	}
	return out
}

// memory is the process's memory, after a collection that returns what it
// can to the system, so that two samples compare.
type memory struct {
	// RSS is the resident set; Heap the bytes of live heap objects.
	RSS, Heap uint64
}

func sampleMemory() memory {
	debug.FreeOSMemory()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	m := memory{RSS: statusKB("VmRSS:")}
	if s[0].Value.Kind() == metrics.KindUint64 {
		m.Heap = s[0].Value.Uint64()
	}
	return m
}

// statusKB reads a field of /proc/self/status in bytes (0 where there is
// none).
func statusKB(field string) uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
