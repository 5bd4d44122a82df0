package tinymodel

import (
	"encoding/binary"
	"io"
	"math"

	"github.com/ollama/ollama/fs/ggml"
)

// f32Data is tensor data stored as little-endian float32.
type f32Data []float32

func (d f32Data) WriteTo(w io.Writer) (int64, error) {
	buf := make([]byte, 4*len(d))
	for i, x := range d {
		binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(x))
	}
	n, err := w.Write(buf)
	return int64(n), err
}

// f16Data is tensor data stored as little-endian IEEE half floats.
type f16Data []uint16

func (d f16Data) WriteTo(w io.Writer) (int64, error) {
	buf := make([]byte, 2*len(d))
	for i, x := range d {
		binary.LittleEndian.PutUint16(buf[2*i:], x)
	}
	n, err := w.Write(buf)
	return int64(n), err
}

func f32(name string, data []float32, shape ...int) *ggml.Tensor {
	return &ggml.Tensor{Name: name, Kind: kindF32, Shape: dims(shape), WriterTo: f32Data(data)}
}

func f16(name string, data []float32, shape ...int) *ggml.Tensor {
	h := make(f16Data, len(data))
	for i, x := range data {
		h[i] = toHalf(x)
	}
	return &ggml.Tensor{Name: name, Kind: kindF16, Shape: dims(shape), WriterTo: h}
}

func dims(shape []int) []uint64 {
	d := make([]uint64, len(shape))
	for i, n := range shape {
		d[i] = uint64(n)
	}
	return d
}

// toHalf converts x to IEEE 754 binary16, rounding to nearest even. Values beyond the half
// range become infinities and NaN stays NaN.
func toHalf(x float32) uint16 {
	b := math.Float32bits(x)
	sign := uint16(b>>16) & 0x8000
	exp := int(b>>23&0xff) - 127 + 15
	mant := b & 0x7fffff
	switch {
	case b&0x7fffffff > 0x7f800000: // NaN
		return sign | 0x7e00
	case exp >= 0x1f: // overflow or infinity
		return sign | 0x7c00
	case exp <= 0: // subnormal half or zero
		if exp < -10 {
			return sign
		}
		mant |= 0x800000
		shift := uint(14 - exp)
		half := mant >> shift
		rem := mant & (1<<shift - 1)
		mid := uint32(1) << (shift - 1)
		if rem > mid || rem == mid && half&1 == 1 {
			half++
		}
		return sign | uint16(half)
	}
	half := uint32(exp)<<10 | mant>>13
	rem := mant & 0x1fff
	if rem > 0x1000 || rem == 0x1000 && half&1 == 1 {
		half++ // may carry into the exponent, which is still correct
	}
	return sign | uint16(half)
}
