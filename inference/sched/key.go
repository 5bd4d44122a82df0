package sched

import (
	"encoding/binary"
	"hash/maphash"
	"math"

	"github.com/lspilot/lspilot/inference"
)

// key identifies what a request asks the model: 128 bits from two
// differently seeded hashes over everything that shapes the generated text.
// Lane and Session are left out, so that identical requests from different
// features and editors share one generation, and so are Slot, NoCachePrompt
// and Options.KeepAlive, which change how the server works, not what it
// writes.
type key struct{ hi, lo uint64 }

// hasher makes keys; its seeds live as long as the Scheduler, which is all
// the keys do.
type hasher struct{ a, b maphash.Seed }

func newHasher() hasher { return hasher{a: maphash.MakeSeed(), b: maphash.MakeSeed()} }

// of returns req's key; without the prompt it is the key of the batch that
// req may join.
func (h hasher) of(req *inference.Request, withPrompt bool) key {
	var d dual
	d.a.SetSeed(h.a)
	d.b.SetSeed(h.b)
	d.request(req, withPrompt)
	return key{d.a.Sum64(), d.b.Sum64()}
}

// dual writes every field to both hashes, each string after its length so
// that field boundaries cannot shift.
type dual struct{ a, b maphash.Hash }

func (d *dual) num(v uint64) {
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], v)
	d.a.Write(buf[:])
	d.b.Write(buf[:])
}

func (d *dual) str(s string) {
	d.num(uint64(len(s)))
	d.a.WriteString(s)
	d.b.WriteString(s)
}

func (d *dual) flag(b bool) {
	if b {
		d.num(1)
	} else {
		d.num(0)
	}
}

func (d *dual) request(r *inference.Request, withPrompt bool) {
	d.str(r.Model)
	if withPrompt {
		d.str(r.Prompt)
	}
	d.str(r.Suffix)
	d.flag(r.Raw)
	d.num(uint64(len(r.Extra)))
	for _, f := range r.Extra {
		d.str(f.Name)
		d.str(f.Text)
	}
	d.num(uint64(len(r.Messages)))
	for _, m := range r.Messages {
		d.str(m.Role)
		d.str(m.Content)
	}
	d.options(&r.Options)
	d.flag(r.SingleLine)
	d.num(uint64(r.TimeBudget))
	d.num(uint64(r.NIndent))
}

func (d *dual) options(o *inference.Options) {
	d.num(uint64(o.MaxTokens))
	d.flag(o.Temperature != nil)
	if o.Temperature != nil {
		d.num(math.Float64bits(*o.Temperature))
	}
	d.num(math.Float64bits(o.TopP))
	d.num(uint64(o.TopK))
	d.flag(o.Seed != nil)
	if o.Seed != nil {
		d.num(uint64(*o.Seed))
	}
	d.num(uint64(len(o.Stop)))
	for _, s := range o.Stop {
		d.str(s)
	}
	d.num(uint64(o.NumCtx))
	d.num(uint64(len(o.Samplers)))
	for _, s := range o.Samplers {
		d.str(s)
	}
}
