package route

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/google/go-cmp/cmp"
)

// treeOp is one step of a property test.
type treeOp struct {
	kind  int // opInsert...
	key   []byte
	owner int
	dt    int // time units to advance first
	n     int // limit for opEvictSize, age for opEvictOlder, distance for opEvictBefore
}

const (
	opInsert = iota
	opEvictOlder
	opEvictBefore
	opEvictSize
	opDrop
	opKinds
)

func (o treeOp) String() string {
	names := []string{"insert", "evict-older", "evict-before", "evict-size", "drop"}
	return fmt.Sprintf("%s(%q, owner %d, +%d, n %d)", names[o.kind], o.key, o.owner, o.dt, o.n)
}

// decodeOps turns fuzz input into steps over keys on the alphabet abc, so
// that keys share prefixes often.
func decodeOps(data []byte) []treeOp {
	var ops []treeOp
	next := func() int {
		if len(data) == 0 {
			return 0
		}
		b := data[0]
		data = data[1:]
		return int(b)
	}
	for len(data) > 0 && len(ops) < maxFuzzOps {
		b := next()
		op := treeOp{kind: b % 8, owner: b / 8 % 3, dt: b / 24 % 4, n: next()}
		if op.kind >= opKinds {
			op.kind = opInsert
		}
		if op.kind == opInsert {
			for range op.n % 21 {
				op.key = append(op.key, byte('a'+next()%3))
			}
		}
		ops = append(ops, op)
	}
	return ops
}

// maxFuzzOps bounds a fuzzed sequence, since the model is slow.
const maxFuzzOps = 100

// randomOps returns n random steps.
func randomOps(rng *rand.Rand, n int) []treeOp {
	ops := make([]treeOp, n)
	for i := range ops {
		op := treeOp{kind: rng.IntN(opKinds + 3), owner: rng.IntN(3), dt: rng.IntN(4), n: rng.IntN(40)}
		if op.kind >= opKinds {
			op.kind = opInsert
		}
		key := make([]byte, rng.IntN(25))
		for j := range key {
			key[j] = byte('a' + rng.IntN(3))
		}
		op.key = key
		ops[i] = op
	}
	return ops
}

// runOps applies ops to a Tree and to the naive model and reports the
// first difference or broken invariant.
func runOps(ops []treeOp) error {
	var (
		tree  Tree[byte]
		model naive
		now   = time.Unix(1000, 0)
		unit  = time.Second
	)
	for step, op := range ops {
		now = now.Add(time.Duration(op.dt) * unit)
		model.grow(op.owner)
		before := maps.Clone(model.owners[op.owner])
		switch op.kind {
		case opInsert:
			if got, want := tree.Insert(op.key, op.owner, now), model.insert(op.key, op.owner, now); got != want {
				return fmt.Errorf("step %d %v: had %d, want %d", step, op, got, want)
			}
		case opEvictOlder:
			cutoff := now.Add(-time.Duration(op.n%6) * unit)
			tree.EvictOlder(cutoff)
			model.evict(-1, func(s stamp) bool { return s.at < cutoff.UnixNano() })
		case opEvictBefore:
			seq := tree.Seq() - uint64(min(op.n%5, int(tree.Seq())))
			tree.EvictBefore(op.owner, seq)
			model.evict(op.owner, func(s stamp) bool { return s.seq < seq })
		case opEvictSize, opDrop:
			limit := op.n % 10
			if op.kind == opDrop {
				limit = 0
				tree.Drop(op.owner)
			} else {
				tree.EvictSize(op.owner, limit)
			}
			after := heldBy(&tree, op.owner)
			if err := checkEvictSize(before, after, limit); err != nil {
				return fmt.Errorf("step %d %v: %w", step, op, err)
			}
			maps.DeleteFunc(model.owners[op.owner], func(k string, _ stamp) bool {
				_, kept := after[k]
				return !kept
			})
		}
		if err := compare(&tree, &model, op.key); err != nil {
			return fmt.Errorf("step %d %v: %w", step, op, err)
		}
	}
	return nil
}

// compare reports a difference between tree and model.
func compare(tree *Tree[byte], model *naive, key []byte) error {
	if err := checkStructure(tree); err != nil {
		return err
	}
	opt := cmp.AllowUnexported(stamp{})
	for o := range model.owners {
		if held := heldBy(tree, o); !maps.Equal(model.owners[o], held) {
			return fmt.Errorf("owner %d holds (-model +tree):\n%s", o, cmp.Diff(model.owners[o], held, opt))
		}
		if got, want := tree.Size(o), len(model.owners[o]); got != want {
			return fmt.Errorf("Size(%d) = %d, want %d", o, got, want)
		}
	}
	if got, want := tree.Len(), model.len(); got != want {
		return fmt.Errorf("Len() = %d, want %d", got, want)
	}
	for _, k := range [][]byte{key, key[:len(key)/2], append(key[:len(key):len(key)], 'a', 'b')} {
		want := model.match(k)
		got := tree.Match(k, nil)
		if len(got) < len(want) {
			got = append(got, make([]int, len(want)-len(got))...)
		}
		if !slices.Equal(want, got[:len(want)]) {
			return fmt.Errorf("Match(%q) = %v, model %v", k, got, want)
		}
		for o := range want {
			if got := tree.MatchOwner(k, o); got != want[o] {
				return fmt.Errorf("MatchOwner(%q, %d) = %d, want %d", k, o, got, want[o])
			}
		}
	}
	return nil
}

// checkEvictSize checks an eviction by size: what remains was held before
// with the same stamps, fits limit, is no older than anything evicted, and
// the last node evicted was needed to fit.
func checkEvictSize(before, after map[string]stamp, limit int) error {
	if len(after) > limit {
		return fmt.Errorf("holds %d after eviction to %d", len(after), limit)
	}
	if len(before) <= limit && len(after) != len(before) {
		return fmt.Errorf("evicted %d though %d fit in %d", len(before)-len(after), len(before), limit)
	}
	var maxGone, minKept uint64 = 0, ^uint64(0)
	for k, s := range after {
		if before[k] != s {
			return fmt.Errorf("%q changed from %v to %v", k, before[k], s)
		}
		minKept = min(minKept, s.seq)
	}
	for k, s := range before {
		if _, ok := after[k]; !ok {
			maxGone = max(maxGone, s.seq)
		}
	}
	if len(after) < len(before) && maxGone > minKept {
		return fmt.Errorf("evicted a prefix touched at %d but kept one touched at %d", maxGone, minKept)
	}
	lastGroup := 0
	for k, s := range before {
		if _, ok := after[k]; !ok && s.seq == maxGone {
			lastGroup++
		}
	}
	if len(after) < len(before) && len(after)+lastGroup <= limit {
		return fmt.Errorf("evicted %d prefixes touched at %d though %d would have fit in %d", lastGroup, maxGone, len(after)+lastGroup, limit)
	}
	return nil
}
