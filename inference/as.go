package inference

// As finds an optional ability of b, such as Warmer, Tokenizer,
// ModelInspector, Pinger or Batcher, in the style of errors.As: it looks at
// b itself, then asks b's As hook, then moves on to what b's Unwrap returns,
// and repeats until it finds the ability or the chain ends.
//
// A decorator exposes the abilities of the backend it wraps with
//
//	Unwrap() Backend
//
// and intercepts one it must see to, as the scheduler does for warm-ups
// that wait in its warm-up lane, with
//
//	As(target any) bool
//
// which, given a pointer to an ability's type, sets it and returns true, or
// returns false to let the search go on to Unwrap. A hook must not claim an
// ability that the backend it wraps lacks.
func As[T any](b Backend) (T, bool) {
	for b != nil {
		if t, ok := b.(T); ok {
			return t, true
		}
		if h, ok := b.(interface{ As(target any) bool }); ok {
			var t T
			if h.As(&t) {
				return t, true
			}
		}
		u, ok := b.(interface{ Unwrap() Backend })
		if !ok {
			break
		}
		b = u.Unwrap()
	}
	var zero T
	return zero, false
}
