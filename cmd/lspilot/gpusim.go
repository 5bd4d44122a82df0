package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lspilot/lspilot/cmd/lspilot/internal/gpusim"
)

// runGPUSim serves a simulated GPU inference server until ctx ends, then
// prints what every replica did. Logs, addresses and statistics go to
// stderr.
func runGPUSim(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("gpusim", io)
	var names []string
	for _, p := range gpusim.Presets() {
		names = append(names, p.Name)
	}
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on; port 0 picks a free port")
	preset := fs.String("preset", "h100-7b", "model and hardware to simulate: "+strings.Join(names, ", "))
	replicas := fs.Int("replicas", 1, "number of replicas")
	model := fs.String("model", "", "model name to answer to (default: the preset's)")
	perPort := fs.Bool("per-replica-ports", false, "serve replica i on port PORT+i instead of under /r/{i}/ on one port")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error")
	if err := parseFlags(fs, args, io); err != nil {
		return err
	}
	p, err := gpusim.PresetByName(*preset)
	switch {
	case err != nil:
		return fmt.Errorf("gpusim: %w", err)
	case fs.NArg() > 0:
		return fmt.Errorf("gpusim: unexpected arguments %q", fs.Args())
	case *replicas < 1:
		return fmt.Errorf("gpusim: --replicas must be at least 1, not %d", *replicas)
	}
	logger, err := newLogger(*logLevel, "")
	if err != nil {
		return err
	}
	sim := gpusim.NewServer(gpusim.Config{Preset: p, Replicas: *replicas, Model: *model, Logger: logger})
	defer sim.Close()
	lns, err := listenGPUSim(*listen, *replicas, *perPort)
	if err != nil {
		return err
	}
	fmt.Fprintf(io.err, "lspilot gpusim: %s (%s), model %q, %d replica(s); Ctrl-C stops\n", p.Name, p.Description, sim.Model(), *replicas)
	servers := make([]*http.Server, len(lns))
	errc := make(chan error, len(lns))
	var wg sync.WaitGroup
	for i, ln := range lns {
		h := sim.Handler()
		if *perPort {
			h = sim.Replica(i)
		}
		servers[i] = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := servers[i].Serve(ln); !errors.Is(err, http.ErrServerClosed) {
				errc <- fmt.Errorf("gpusim: serve %s: %w", ln.Addr(), err)
			}
		}()
	}
	printURLs(io.err, lns, *replicas, *perPort)
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	// Closing the simulator ends the streams still open, so that the HTTP
	// servers can shut down.
	sim.Close()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, s := range servers {
		s.Shutdown(shutdown)
	}
	wg.Wait()
	printGPUSimStats(io.err, sim.Stats())
	return err
}

// listenGPUSim opens one listener on addr, or one per replica on
// consecutive ports from addr's (each on a free port when that is 0).
func listenGPUSim(addr string, replicas int, perPort bool) ([]net.Listener, error) {
	if !perPort {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, fmt.Errorf("gpusim: %w", err)
		}
		return []net.Listener{ln}, nil
	}
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("gpusim: --listen: %w", err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		return nil, fmt.Errorf("gpusim: --listen: port %q is not a number", portStr)
	}
	var lns []net.Listener
	for i := range replicas {
		p := 0
		if port != 0 {
			p = port + i
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(p)))
		if err != nil {
			for _, l := range lns {
				l.Close()
			}
			return nil, fmt.Errorf("gpusim: replica %d: %w", i, err)
		}
		lns = append(lns, ln)
	}
	return lns, nil
}

// printURLs says where each replica answers.
func printURLs(w io.Writer, lns []net.Listener, replicas int, perPort bool) {
	for i := range replicas {
		switch {
		case perPort:
			fmt.Fprintf(w, "replica %d: http://%s\n", i, lns[i].Addr())
		case i == 0:
			fmt.Fprintf(w, "replica 0: http://%s (also http://%[1]s/r/0)\n", lns[0].Addr())
		default:
			fmt.Fprintf(w, "replica %d: http://%s/r/%d\n", i, lns[0].Addr(), i)
		}
	}
}

func printGPUSimStats(w io.Writer, st gpusim.Stats) {
	for i, r := range st.Replicas {
		fmt.Fprintf(w, "replica %d: %s\n", i, r)
	}
	if len(st.Replicas) > 1 {
		fmt.Fprintf(w, "total: %s\n", st.Total)
	}
}
