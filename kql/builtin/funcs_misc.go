package builtin

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"hash/adler32"
	"io"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// range(), replace_strings, erf, zlib and indexof_regex.

// maxRange is the most elements range() returns; longer ranges are cut.
const maxRange = 1 << 20

func init() {
	register(bindRange, "range")
	def(names("replace_strings"), tString, ks(kStr, kArr, kArr), 0, implReplaceStrings)
	real1(names("erf"), math.Erf)
	real1(names("erfc"), math.Erfc)
	def(names("zlib_compress_to_base64_string"), tString, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			buf := zlibCompress([]byte(argStr(a[0])))
			return str(base64.StdEncoding.EncodeToString(buf))
		})
	def(names("zlib_decompress_from_base64_string"), tString, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			b, ok := decodeBase64(argStr(a[0]))
			if !ok {
				return str("")
			}
			r, err := zlib.NewReader(bytes.NewReader(b))
			if err != nil {
				return str("")
			}
			out, err := io.ReadAll(io.LimitReader(r, 64<<20))
			if err != nil {
				return str("")
			}
			return str(string(out))
		})
	def(names("indexof_regex"), tLong, ks(kText, kStr, kInt, kInt, kInt), 3, implIndexOfRegex)
}

// zlibCompress writes a zlib stream with the fastest-level header (78 01)
// around deflateBody.
func zlibCompress(data []byte) []byte {
	out := append([]byte{0x78, 0x01}, deflateBody(data)...)
	return binary.BigEndian.AppendUint32(out, adler32.Checksum(data))
}

// bindRange: range(start, stop [, step]) -> dynamic array of numbers,
// datetimes (step a timespan) or timespans; stop is inclusive.
func bindRange(args []Arg) (value.Type, Impl, error) {
	if len(args) < 2 || len(args) > 3 {
		return value.Invalid, nil, errArgCount("range", 2, 3, len(args))
	}
	// The analyzer accepts any mix of numbers, datetimes and timespans;
	// the first argument decides the element type.
	t := args[0].Type
	for i, a := range args {
		if !a.Type.IsNumeric() && a.Type != value.DateTime && a.Type != value.Timespan {
			return value.Invalid, nil, errArgType("range", i, "number, datetime or timespan",
				a.Type)
		}
	}
	real := false
	for _, a := range args {
		real = real || a.Type == value.Real || a.Type == value.Decimal
	}
	return tDyn, func(_ *Env, a []value.Value) value.Value {
		return rangeArray(a, t, real)
	}, nil
}

func rangeArray(a []value.Value, t value.Type, real bool) value.Value {
	if t == value.DateTime || t == value.Timespan {
		if len(a) < 3 {
			return value.NullDynamic // no default step for datetimes
		}
		s, ok1 := argTicks(a[0])
		e, ok2 := argTicks(a[1])
		d, ok3 := argTicks(a[2])
		if !ok1 || !ok2 || !ok3 || d == 0 {
			return value.NullDynamic
		}
		out := value.Array{}
		for x := s; (d > 0 && x <= e || d < 0 && x >= e) && len(out) < maxRange; x += d {
			if t == value.DateTime {
				out = append(out, value.NewDateTimeTicks(x))
			} else {
				out = append(out, value.NewTimespan(x))
			}
		}
		return value.NewArray(out)
	}
	step := value.NewLong(1)
	if len(a) > 2 {
		step = a[2]
	}
	if !real {
		s, ok1 := argLong(a[0])
		e, ok2 := argLong(a[1])
		d, ok3 := argLong(step)
		if !ok1 || !ok2 || !ok3 || d == 0 {
			return value.NullDynamic
		}
		out := value.Array{}
		for x := s; (d > 0 && x <= e || d < 0 && x >= e) && len(out) < maxRange; x += d {
			out = append(out, value.NewLong(x))
		}
		return value.NewArray(out)
	}
	s, ok1 := argReal(a[0])
	e, ok2 := argReal(a[1])
	d, ok3 := argReal(step)
	if !ok1 || !ok2 || !ok3 || d == 0 || math.IsNaN(s+e+d) {
		return value.NullDynamic
	}
	out := value.Array{}
	for i := 0; len(out) < maxRange; i++ {
		x := s + float64(i)*d
		if d > 0 && x > e || d < 0 && x < e {
			break
		}
		out = append(out, value.NewReal(x))
	}
	return value.NewArray(out)
}

// implReplaceStrings: replace_strings(text, lookups, replacements) applies
// the pairs in order; text a pair has inserted is never matched again, and
// a pair whose replacement is not a string keeps its matches as they are
// (still shielding them from later pairs).
func implReplaceStrings(_ *Env, a []value.Value) value.Value {
	s := argStr(a[0])
	look, ok1 := arrOf(a[1])
	repl, ok2 := arrOf(a[2])
	if !ok1 || !ok2 {
		return str(s)
	}
	type seg struct {
		text string
		done bool // inserted by a replacement
	}
	segs := []seg{{text: s}}
	for i, l := range look {
		if l.Unwrap().Type() != value.String || l.Unwrap().Str() == "" {
			continue
		}
		from, to := l.Unwrap().Str(), l.Unwrap().Str()
		if i < len(repl) && repl[i].Unwrap().Type() == value.String {
			to = repl[i].Unwrap().Str()
		}
		var next []seg
		for _, g := range segs {
			if g.done {
				next = append(next, g)
				continue
			}
			parts := strings.Split(g.text, from)
			for k, p := range parts {
				if k > 0 {
					next = append(next, seg{to, true})
				}
				next = append(next, seg{text: p})
			}
		}
		segs = next
	}
	var b strings.Builder
	for _, g := range segs {
		b.WriteString(g.text)
	}
	return str(b.String())
}

// implIndexOfRegex: indexof_regex(s, regex [, start [, length [,
// occurrence]]]) -> the index of the occurrence-th non-overlapping match
// starting in [start, start+length), -1 when none, null for a negative
// start.
func implIndexOfRegex(_ *Env, a []value.Value) value.Value {
	s := argStr(a[0])
	re, err := CompileRegex(argStr(a[1]))
	if err != nil {
		return value.Null(tLong)
	}
	start, length, occ := int64(0), int64(-1), int64(1)
	ok := true
	if len(a) > 2 {
		start, ok = argLong(a[2])
	}
	if ok && len(a) > 3 {
		length, ok = argLong(a[3])
	}
	if ok && len(a) > 4 {
		occ, ok = argLong(a[4])
	}
	if !ok || start < 0 || occ < 1 || length < -1 {
		return value.Null(tLong)
	}
	r := []rune(s)
	if start > int64(len(r)) {
		return value.NewLong(-1)
	}
	end := int64(len(r))
	if length >= 0 && start+length < end {
		end = start + length
	}
	sub := string(r[start:end])
	for _, m := range re.FindAllStringIndex(sub, -1) {
		if occ--; occ == 0 {
			return value.NewLong(start + int64(len([]rune(sub[:m[0]]))))
		}
	}
	return value.NewLong(-1)
}

func init() {
	// rand() is a real in [0, 1).
	register(func(args []Arg) (value.Type, Impl, error) {
		if err := checkArgs("rand", args, ks(kInt), 1, false); err != nil {
			return value.Invalid, nil, err
		}
		if len(args) == 0 {
			return tReal, func(*Env, []value.Value) value.Value {
				return value.NewReal(rand.Float64())
			}, nil
		}
		// rand(N) draws from 0..N-1 and is typed real, as the analyzer says.
		return tReal, func(_ *Env, a []value.Value) value.Value {
			n, ok := argLong(a[0])
			if !ok || n <= 0 {
				return value.Null(tReal)
			}
			return value.NewReal(float64(rand.Int64N(n)))
		}, nil
	}, "rand")
	def(names("new_guid"), value.Guid, nil, 0, func(*Env, []value.Value) value.Value {
		var g [16]byte
		for i := range g {
			g[i] = byte(rand.Uint32())
		}
		g[6] = g[6]&0x0f | 0x40 // version 4
		g[8] = g[8]&0x3f | 0x80 // RFC 4122 variant
		return value.NewGuid(g)
	})
}
