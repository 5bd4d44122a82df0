package route

import (
	"time"

	"github.com/lspilot/lspilot/inference"
)

// take chooses a slot on replica for req, whose key is key, records the
// choice and returns it; -1 when the replica has no known slots. A request
// naming its slot keeps it. Called with p.mu held.
func (p *SlotPinner) take(replica int, req *inference.Request, key []byte, now time.Time) int {
	if replica >= len(p.replicas) || len(p.replicas[replica]) == 0 {
		return -1
	}
	slots := p.replicas[replica]
	s := -1
	if req.Slot != nil && *req.Slot >= 0 && *req.Slot < len(slots) {
		s = *req.Slot
	} else if req.Slot == nil {
		s = chooseSlot(slots, key, req.Session)
	}
	if s < 0 {
		return -1
	}
	if req.Session != "" && slots[s].session != req.Session {
		for i := range slots {
			if slots[i].session == req.Session {
				slots[i].session = ""
			}
		}
		slots[s].session = req.Session
	}
	slots[s].key = append(slots[s].key[:0], key...)
	slots[s].busy++
	slots[s].used = now
	return s
}

// chooseSlot applies the rules of SlotPinner's documentation.
func chooseSlot(slots []slotState, key []byte, session string) int {
	usable := func(i int) bool { return slots[i].busy == 0 || session != "" && slots[i].session == session }
	anyUsable := false
	for i := range slots {
		anyUsable = anyUsable || usable(i)
	}
	pinned, best, bestLen, pinnedLen := -1, -1, -1, -1
	for i := range slots {
		if anyUsable && !usable(i) {
			continue
		}
		l := commonPrefix(slots[i].key, key)
		if session != "" && slots[i].session == session {
			pinned, pinnedLen = i, l
		}
		if l > bestLen {
			best, bestLen = i, l
		}
	}
	switch {
	case pinned >= 0 && pinnedLen >= bestLen:
		return pinned
	case pinned >= 0 || 2*bestLen >= len(key) && bestLen > 0:
		return best
	}
	return leastRecentlyUsed(slots, func(i int) bool { return !anyUsable || usable(i) })
}

// leastRecentlyUsed returns the ok slot used longest ago, preferring slots
// pinned to no session; never-used slots count as oldest.
func leastRecentlyUsed(slots []slotState, ok func(int) bool) int {
	lru := -1
	for i := range slots {
		if !ok(i) {
			continue
		}
		if lru < 0 || older(slots[i], slots[lru]) {
			lru = i
		}
	}
	return lru
}

// older orders slots for reuse: unpinned before pinned, then by last use.
func older(a, b slotState) bool {
	if (a.session == "") != (b.session == "") {
		return a.session == ""
	}
	return a.used.Before(b.used)
}
