package route

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestTreeMatch(t *testing.T) {
	type insert struct {
		key   string
		owner int
	}
	tests := []struct {
		name     string
		give     []insert
		key      string
		want     []int
		wantLen  int
		wantHeld []int
	}{
		{name: "empty tree", key: "abc"},
		{name: "one owner", give: []insert{{"abcdef", 0}}, key: "abcxyz", want: []int{3}, wantLen: 6, wantHeld: []int{6}},
		{name: "owners share a prefix", give: []insert{{"abcdef", 0}, {"abcxyz", 1}}, key: "abcx",
			want: []int{3, 4}, wantLen: 9, wantHeld: []int{6, 6}},
		{name: "key ends inside an edge", give: []insert{{"abcdef", 0}}, key: "ab", want: []int{2}, wantLen: 6, wantHeld: []int{6}},
		{name: "prefix of an inserted key", give: []insert{{"abcdef", 0}, {"abc", 1}}, key: "abcdef",
			want: []int{6, 3}, wantLen: 6, wantHeld: []int{6, 3}},
		{name: "owner without entries", give: []insert{{"abc", 2}}, key: "abc", want: []int{0, 0, 3}, wantLen: 3, wantHeld: []int{0, 0, 3}},
		{name: "no shared first byte", give: []insert{{"abc", 0}}, key: "xbc", want: []int{0}, wantLen: 3, wantHeld: []int{3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tree Tree[byte]
			now := time.Unix(0, 0)
			for _, in := range tt.give {
				tree.Insert([]byte(in.key), in.owner, now)
			}
			if diff := cmp.Diff(tt.want, tree.Match([]byte(tt.key), nil)); diff != "" {
				t.Errorf("Match(%q) (-want +got):\n%s", tt.key, diff)
			}
			var held []int
			for o := range tree.Owners() {
				held = append(held, tree.Size(o))
			}
			if diff := cmp.Diff(tt.wantHeld, held); diff != "" {
				t.Errorf("sizes (-want +got):\n%s", diff)
			}
			if tree.Len() != tt.wantLen {
				t.Errorf("Len() = %d, want %d", tree.Len(), tt.wantLen)
			}
		})
	}
}

func TestTreeEvict(t *testing.T) {
	start := time.Unix(0, 0)
	// Owner 0 was sent "abcd" at 0s and "abxy" at 10s; owner 1 "abcd" at
	// 20s.
	build := func() *Tree[byte] {
		var tree Tree[byte]
		tree.Insert([]byte("abcd"), 0, start)
		tree.Insert([]byte("abxy"), 0, start.Add(10*time.Second))
		tree.Insert([]byte("abcd"), 1, start.Add(20*time.Second))
		return &tree
	}
	tests := []struct {
		name      string
		evict     func(*Tree[byte]) int
		wantFreed int
		wantHeld  []int
		wantLen   int
	}{
		{name: "older than 5s", evict: func(tr *Tree[byte]) int { return tr.EvictOlder(start.Add(5 * time.Second)) },
			wantFreed: 2, wantHeld: []int{4, 4}, wantLen: 6},
		{name: "older than 15s", evict: func(tr *Tree[byte]) int { return tr.EvictOlder(start.Add(15 * time.Second)) },
			wantFreed: 6, wantHeld: []int{0, 4}, wantLen: 4},
		{name: "size keeps the newest", evict: func(tr *Tree[byte]) int { return tr.EvictSize(0, 4) },
			wantFreed: 2, wantHeld: []int{4, 4}, wantLen: 6},
		{name: "size takes whole nodes", evict: func(tr *Tree[byte]) int { return tr.EvictSize(0, 3) },
			wantFreed: 4, wantHeld: []int{2, 4}, wantLen: 4},
		{name: "drop", evict: func(tr *Tree[byte]) int { return tr.Drop(1) }, wantFreed: 4, wantHeld: []int{6, 0}, wantLen: 6},
		{name: "before the second insertion", evict: func(tr *Tree[byte]) int { return tr.EvictBefore(0, 2) },
			wantFreed: 2, wantHeld: []int{4, 4}, wantLen: 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree := build()
			if got := tt.evict(tree); got != tt.wantFreed {
				t.Errorf("freed %d, want %d", got, tt.wantFreed)
			}
			held := []int{tree.Size(0), tree.Size(1)}
			if diff := cmp.Diff(tt.wantHeld, held); diff != "" {
				t.Errorf("sizes (-want +got):\n%s", diff)
			}
			if tree.Len() != tt.wantLen {
				t.Errorf("Len() = %d, want %d", tree.Len(), tt.wantLen)
			}
			if err := checkStructure(tree); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestTreeTokens runs the tree over token ids.
func TestTreeTokens(t *testing.T) {
	var tree Tree[uint32]
	tree.Insert([]uint32{1, 2, 3, 4}, 0, time.Unix(0, 0))
	tree.Insert([]uint32{1, 2, 9}, 1, time.Unix(1, 0))
	if diff := cmp.Diff([]int{2, 3}, tree.Match([]uint32{1, 2, 9, 9}, nil)); diff != "" {
		t.Errorf("Match (-want +got):\n%s", diff)
	}
	if err := checkStructure(&tree); err != nil {
		t.Error(err)
	}
}

// TestTreeAgainstNaive compares random operations with the naive model.
func TestTreeAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		ops := randomOps(rng, 100)
		if err := runOps(ops); err != nil {
			t.Fatalf("sequence %d: %v", i, err)
		}
	}
}

func FuzzTree(f *testing.F) {
	f.Add([]byte{0, 5, 1, 2, 0, 1, 2, 8, 4, 2, 2, 1, 3, 3, 3})
	f.Add([]byte{0, 8, 0, 1, 2, 0, 1, 2, 0, 1, 8, 3, 0, 1, 2, 19, 4, 2, 4})
	f.Add([]byte{32, 3, 1, 1, 1, 64, 7, 2, 2, 2, 2, 2, 2, 2, 1, 1, 4, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := runOps(decodeOps(data)); err != nil {
			t.Fatal(err)
		}
	})
}
