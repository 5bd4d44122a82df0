package diffing

// change says that a[a0:a1] is replaced by b[b0:b1]; one side may be empty.
type change struct {
	a0, a1, b0, b1 int
}

// tooExpensive is the number of steps from each end after which bisect
// gives up looking for the exact middle of the shortest path and splits at
// the point the search reached furthest, as GNU diff does. It keeps diffs of
// large texts with many scattered changes near linear, at the price of
// occasionally less minimal edits.
const tooExpensive = 512

// diffBudget bounds the diagonal steps one diff may take. Past it, the
// remaining differing blocks are reported as whole replacements: still
// correct, only less minimal.
const diffBudget = 50_000_000

// differ computes a shortest edit script between two token sequences with
// Myers' linear-space bisection ("An O(ND) Difference Algorithm and Its
// Variations", 1986): walk forward from the start and backward from the end
// until the paths meet, split there and recurse on both halves. Paths that
// run off the edit graph are pruned.
type differ struct {
	a, b    []int
	vf, vb  []int // furthest x reached per diagonal, forward and backward
	budget  int
	changes []change
}

// diffTokens returns the changes that turn a into b, in order.
func diffTokens(a, b []int) []change {
	d := &differ{a: a, b: b, budget: diffBudget}
	size := len(a) + len(b) + 6
	d.vf = make([]int, size)
	d.vb = make([]int, size)
	d.compare(0, len(a), 0, len(b))
	return d.changes
}

// compare appends the changes between a[a0:a1] and b[b0:b1].
func (d *differ) compare(a0, a1, b0, b1 int) {
	for a0 < a1 && b0 < b1 && d.a[a0] == d.b[b0] {
		a0, b0 = a0+1, b0+1
	}
	for a0 < a1 && b0 < b1 && d.a[a1-1] == d.b[b1-1] {
		a1, b1 = a1-1, b1-1
	}
	if a0 == a1 || b0 == b1 {
		d.emit(a0, a1, b0, b1)
		return
	}
	x, y, ok := d.bisect(a0, a1, b0, b1)
	if !ok || (x == a0 && y == b0) || (x == a1 && y == b1) {
		d.emit(a0, a1, b0, b1)
		return
	}
	d.compare(a0, x, b0, y)
	d.compare(x, a1, y, b1)
}

// emit records a change, merging it with the previous one when they touch.
func (d *differ) emit(a0, a1, b0, b1 int) {
	if a0 == a1 && b0 == b1 {
		return
	}
	if n := len(d.changes); n > 0 && d.changes[n-1].a1 == a0 && d.changes[n-1].b1 == b0 {
		d.changes[n-1].a1, d.changes[n-1].b1 = a1, b1
		return
	}
	d.changes = append(d.changes, change{a0, a1, b0, b1})
}

// bisect returns a point (x, y), in absolute coordinates, through which a
// shortest edit path between a[a0:a1] and b[b0:b1] passes. It returns ok
// false when the budget runs out first.
func (d *differ) bisect(a0, a1, b0, b1 int) (x, y int, ok bool) {
	n, m := a1-a0, b1-b0
	maxD := (n + m + 1) / 2
	off := maxD + 2
	vf, vb := d.vf[:2*off+1], d.vb[:2*off+1]
	for i := range vf {
		vf[i], vb[i] = -1, -1
	}
	vf[off+1], vb[off+1] = 0, 0
	delta := n - m
	odd := delta%2 != 0
	var fStart, fEnd, bStart, bEnd int // diagonals pruned at each end
	for D := 0; D <= maxD; D++ {
		d.budget -= 2*D + 1
		if d.budget < 0 {
			return 0, 0, false
		}
		if D > tooExpensive {
			return d.furthest(a0, a1, b0, b1, off, D-1)
		}
		for k := -D + fStart; k <= D-fEnd; k += 2 {
			px := vf[off+k-1] + 1
			if k == -D || (k != D && vf[off+k-1] < vf[off+k+1]) {
				px = vf[off+k+1]
			}
			px, py := px, px-k
			for px < n && py < m && d.a[a0+px] == d.b[b0+py] {
				px, py = px+1, py+1
			}
			vf[off+k] = px
			switch kb := off + delta - k; {
			case px > n:
				fEnd += 2
			case py > m:
				fStart += 2
			case odd && kb >= 0 && kb < len(vb) && vb[kb] != -1 && px >= n-vb[kb]:
				return a0 + px, b0 + py, true
			}
		}
		for k := -D + bStart; k <= D-bEnd; k += 2 {
			px := vb[off+k-1] + 1
			if k == -D || (k != D && vb[off+k-1] < vb[off+k+1]) {
				px = vb[off+k+1]
			}
			px, py := px, px-k
			for px < n && py < m && d.a[a1-1-px] == d.b[b1-1-py] {
				px, py = px+1, py+1
			}
			vb[off+k] = px
			switch kf := off + delta - k; {
			case px > n:
				bEnd += 2
			case py > m:
				bStart += 2
			case !odd && kf >= 0 && kf < len(vf) && vf[kf] != -1 && vf[kf] >= n-px:
				fx := vf[kf]
				if fy := fx - (kf - off); fx <= n && fy >= 0 && fy <= m {
					return a0 + fx, b0 + fy, true
				}
			}
		}
	}
	return 0, 0, false
}

// furthest returns the point, in absolute coordinates, that the forward or
// backward search of bisect reached furthest from its start after D steps.
func (d *differ) furthest(a0, a1, b0, b1, off, D int) (x, y int, ok bool) {
	n, m := a1-a0, b1-b0
	best := -1
	for k := -D; k <= D; k += 2 {
		if fx, fy := d.vf[off+k], d.vf[off+k]-k; fx >= 0 && fx <= n && fy >= 0 && fy <= m && fx+fy > best {
			best, x, y = fx+fy, a0+fx, b0+fy
		}
		if bx, by := d.vb[off+k], d.vb[off+k]-k; bx >= 0 && bx <= n && by >= 0 && by <= m && bx+by > best {
			best, x, y = bx+by, a1-bx, b1-by
		}
	}
	return x, y, best > 0
}
