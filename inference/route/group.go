package route

import (
	"context"
	"errors"

	"github.com/lspilot/lspilot/inference"
)

// Group is one backend served by several replicas of the same kind and model.
// Requests go to the replica its Picker chooses and fail over to the next
// when a replica cannot take them; a Picker that is also a Tracker sees
// every attempt. It is safe for concurrent use.
type Group struct {
	name     string
	replicas []inference.Backend
	picker   Picker
}

var (
	_ inference.Backend        = (*Group)(nil)
	_ inference.ModelInspector = (*Group)(nil)
	_ inference.Pinger         = (*Group)(nil)
	_ inference.Warmer         = (*Group)(nil)
	_ inference.Batcher        = (*Group)(nil)
)

// NewGroup groups replicas under name; a nil picker means a Sticky one.
func NewGroup(name string, replicas []inference.Backend, picker Picker) *Group {
	if picker == nil {
		picker = &Sticky{}
	}
	return &Group{name: name, replicas: replicas, picker: picker}
}

// Name returns the group's name.
func (g *Group) Name() string { return g.name }

// Kind returns the replicas' kind.
func (g *Group) Kind() inference.BackendKind { return g.replicas[0].Kind() }

// Capabilities returns the first replica's.
func (g *Group) Capabilities() inference.Capabilities { return g.replicas[0].Capabilities() }

// Replicas returns the replicas in configuration order.
func (g *Group) Replicas() []inference.Backend { return g.replicas }

// Close closes every replica.
func (g *Group) Close() error { return Close(g.replicas...) }

// Generate runs req on the picked replica, failing over to the others while
// nothing has been delivered.
func (g *Group) Generate(ctx context.Context, req *inference.Request, fn func(inference.Chunk) error) (inference.Stats, error) {
	order := g.picker.Pick(req, len(g.replicas))
	tracker, _ := g.picker.(Tracker)
	tries := make([]attempt, len(order))
	for i, r := range order {
		b := g.replicas[r]
		tries[i] = func(ctx context.Context, fn func(inference.Chunk) error) (inference.Stats, error) {
			if tracker == nil {
				return b.Generate(ctx, req, fn)
			}
			sent := g.start(tracker, r, req)
			st, err := b.Generate(ctx, sent, fn)
			tracker.Done(r, sent, st, err)
			return st, err
		}
	}
	var observe func(i int, st inference.Stats, err error)
	if tracker == nil {
		observe = func(i int, st inference.Stats, err error) { g.picker.Observe(order[i], st, err) }
	}
	_, st, err := failover(ctx, tries, fn, observe, nil)
	return st, err
}

// Warm warms the replica the next request on req would go to.
func (g *Group) Warm(ctx context.Context, req *inference.Request) (inference.Stats, error) {
	r := g.picker.Pick(req, len(g.replicas))[0]
	b := g.replicas[r]
	w, ok := inference.As[inference.Warmer](b)
	if !ok {
		return inference.Stats{Slot: -1}, unsupported(b, "warm-up")
	}
	tracker, ok := g.picker.(Tracker)
	if !ok {
		return w.Warm(ctx, req)
	}
	sent := g.start(tracker, r, req)
	st, err := w.Warm(ctx, sent)
	tracker.Done(r, sent, st, err)
	return st, err
}

// GenerateBatch sends a prompt batch to the replica the picker chooses for
// its first prompt, falling over to the next while nothing was delivered.
// The router learns of each prompt as of a request of its own.
func (g *Group) GenerateBatch(ctx context.Context, req *inference.Request, prompts []string, fn func(int, inference.Chunk) error) ([]inference.Stats, error) {
	if len(prompts) == 0 {
		return nil, nil
	}
	first := *req
	first.Prompt = prompts[0]
	order := g.picker.Pick(&first, len(g.replicas))
	tracker, _ := g.picker.(Tracker)
	var (
		sts  []inference.Stats
		errs []error
	)
	for _, r := range order {
		b, ok := inference.As[inference.Batcher](g.replicas[r])
		if !ok {
			errs = append(errs, unsupported(g.replicas[r], "prompt batches"))
			continue
		}
		// A tracker learns of each prompt as of a request of its own; the
		// batch itself goes out as req and prompts.
		var sent []*inference.Request
		if tracker != nil {
			sent = make([]*inference.Request, len(prompts))
			for i, p := range prompts {
				one := *req
				one.Prompt = p
				sent[i] = g.start(tracker, r, &one)
			}
		}
		delivered := false
		var err error
		sts, err = b.GenerateBatch(ctx, req, prompts, func(i int, c inference.Chunk) error {
			delivered = true
			return fn(i, c)
		})
		for i := range prompts {
			st := inference.Stats{}
			if i < len(sts) {
				st = sts[i]
			}
			if tracker != nil {
				tracker.Done(r, sent[i], st, err)
			} else {
				g.picker.Observe(r, st, err)
			}
		}
		if err == nil || delivered || ctx.Err() != nil || !inference.Failover(err) {
			return sts, err
		}
		errs = append(errs, err)
	}
	return sts, errors.Join(errs...)
}

// start tells tracker that an attempt on replica begins and returns the
// request to send.
func (g *Group) start(tracker Tracker, replica int, req *inference.Request) *inference.Request {
	if sent := tracker.Start(replica, req); sent != nil {
		return sent
	}
	return req
}

// ModelInfo asks the replicas in turn until one answers.
func (g *Group) ModelInfo(ctx context.Context, model string) (inference.ModelInfo, error) {
	var info inference.ModelInfo
	err := g.each(ctx, func(b inference.Backend) error {
		mi, ok := inference.As[inference.ModelInspector](b)
		if !ok {
			return unsupported(b, "model information")
		}
		var err error
		info, err = mi.ModelInfo(ctx, model)
		return err
	})
	return info, err
}

// Ping pings the replicas in turn until one answers.
func (g *Group) Ping(ctx context.Context) (inference.ServerInfo, error) {
	var info inference.ServerInfo
	err := g.each(ctx, func(b inference.Backend) error {
		p, ok := inference.As[inference.Pinger](b)
		if !ok {
			return unsupported(b, "ping")
		}
		var err error
		info, err = p.Ping(ctx)
		return err
	})
	return info, err
}

// each calls f on the replicas in picked order until one succeeds or fails
// in a way that another replica would not fix.
func (g *Group) each(ctx context.Context, f func(inference.Backend) error) error {
	var err error
	for _, r := range g.picker.Pick(nil, len(g.replicas)) {
		if err = f(g.replicas[r]); err == nil || !inference.Failover(err) || ctx.Err() != nil {
			return err
		}
	}
	return err
}

func unsupported(b inference.Backend, what string) error {
	o := inference.Origin{Backend: b.Name(), Kind: b.Kind()}
	return o.Error(inference.ErrUnsupported, 0, string(b.Kind())+" backends have no "+what, nil)
}
