package builtin

import (
	"math"

	"github.com/kqlhunt/kqlhunt/value"
)

// StringSet is the right-hand side of in / !in over strings (case-sensitive)
// or in~ / !in~ (case-insensitive), built once from the element list.
type StringSet struct {
	fold bool
	m    map[string]struct{}
}

// NewStringSet builds a set; with ignoreCase it serves in~.
func NewStringSet(elems []string, ignoreCase bool) *StringSet {
	s := &StringSet{fold: ignoreCase, m: make(map[string]struct{}, len(elems))}
	for _, e := range elems {
		if ignoreCase {
			e = Fold(e)
		}
		s.m[e] = struct{}{}
	}
	return s
}

// Len returns the number of distinct elements.
func (s *StringSet) Len() int { return len(s.m) }

// Has reports whether x is in the set. For ASCII keys up to 256 bytes it
// does not allocate.
func (s *StringSet) Has(x string) bool {
	if !s.fold {
		_, ok := s.m[x]
		return ok
	}
	if isASCII(x) {
		if !hasUpperASCII(x) {
			_, ok := s.m[x]
			return ok
		}
		if len(x) <= 256 {
			var buf [256]byte
			b := buf[:len(x)]
			for i := 0; i < len(x); i++ {
				b[i] = lowerASCII[x[i]]
			}
			_, ok := s.m[string(b)]
			return ok
		}
	}
	_, ok := s.m[Fold(x)]
	return ok
}

// ValueSet is the right-hand side of in / !in over values of any type:
// an element matches when == between it and the left value is true.
// Numbers compare by value across int, long and real; a dynamic scalar
// compares as its scalar.
type ValueSet struct {
	m map[setKey]struct{}
	// nan is never equal to anything; kept only to count elements.
}

type setKey struct {
	kind byte // 'n' number, 's' string, 'b' bool, 'd' datetime, 't' timespan, 'g' guid
	f    float64
	s    string
}

// NewValueSet builds a set from the elements; arrays contribute their
// elements, nulls are left out (null == x is never true).
func NewValueSet(elems []value.Value) *ValueSet {
	vs := &ValueSet{m: make(map[setKey]struct{}, len(elems))}
	for _, e := range elems {
		if a, ok := e.Array(); ok {
			for _, x := range a {
				if k, ok := keyOf(x); ok {
					vs.m[k] = struct{}{}
				}
			}
			continue
		}
		if k, ok := keyOf(e); ok {
			vs.m[k] = struct{}{}
		}
	}
	return vs
}

// Has reports whether v equals some element.
func (vs *ValueSet) Has(v value.Value) bool {
	k, ok := keyOf(v)
	if !ok {
		return false
	}
	_, ok = vs.m[k]
	return ok
}

func keyOf(v value.Value) (setKey, bool) {
	v = v.Unwrap()
	if v.IsNull() {
		return setKey{}, false
	}
	switch v.Type() {
	case value.Int, value.Long:
		return setKey{kind: 'n', f: float64(v.Long())}, true
	case value.Real, value.Decimal:
		f, _ := v.AsFloat()
		if math.IsNaN(f) {
			return setKey{}, false
		}
		return setKey{kind: 'n', f: f}, true
	case value.String:
		return setKey{kind: 's', s: v.Str()}, true
	case value.Bool:
		if v.Bool() {
			return setKey{kind: 'b', f: 1}, true
		}
		return setKey{kind: 'b'}, true
	case value.DateTime:
		return setKey{kind: 'd', f: float64(v.Ticks()), s: tickKey(v.Ticks())}, true
	case value.Timespan:
		return setKey{kind: 't', f: float64(v.Ticks()), s: tickKey(v.Ticks())}, true
	case value.Guid:
		g := v.GuidBytes()
		return setKey{kind: 'g', s: string(g[:])}, true
	case value.Dynamic:
		return setKey{kind: 'j', s: string(v.AppendJSON(nil))}, true
	}
	return setKey{}, false
}

// tickKey keeps tick values exact where float64 would round them.
func tickKey(t int64) string {
	var b [8]byte
	for i := range b {
		b[i] = byte(t >> (8 * i))
	}
	return string(b[:])
}
