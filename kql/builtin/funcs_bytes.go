package builtin

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// format_bytes, gzip compression and treepath.

var byteUnits = []string{"Bytes", "KB", "MB", "GB", "TB", "PB", "EB"}

func init() {
	def(names("format_bytes"), tString, ks(kNum, kInt, kStr, kInt), 3, implFormatBytes)
	def(names("gzip_compress_to_base64_string"), tString, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			data := []byte(argStr(a[0]))
			// Header: no name, mtime 0, no extra flags, OS unknown.
			out := []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}
			out = append(out, deflateBody(data)...)
			out = binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(data))
			out = binary.LittleEndian.AppendUint32(out, uint32(len(data)))
			return str(base64.StdEncoding.EncodeToString(out))
		})
	def(names("gzip_decompress_from_base64_string"), tString, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			b, ok := decodeBase64(argStr(a[0]))
			if !ok {
				return str("")
			}
			r, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				return str("")
			}
			out, err := io.ReadAll(io.LimitReader(r, 64<<20))
			if err != nil {
				return str("")
			}
			return str(string(out))
		})
	def(names("treepath"), tDyn, ks(kDyn), 0, func(_ *Env, a []value.Value) value.Value {
		out := value.Array{}
		treePaths(a[0], "", &out)
		return value.NewArray(out)
	})
}

// implFormatBytes: format_bytes(size [, precision [, units [, base]]]),
// the size in the largest unit that keeps it at least 1 (or in the given
// unit), rounded to precision digits; base 2 (default) or 10.
func implFormatBytes(_ *Env, a []value.Value) value.Value {
	x, ok := argReal(a[0])
	if !ok {
		return str("")
	}
	prec, unit, base := int64(0), "", 1024.0
	if len(a) > 1 {
		prec, _ = argLong(a[1])
	}
	if len(a) > 2 {
		unit = argStr(a[2])
	}
	if len(a) > 3 {
		if b, ok := argLong(a[3]); ok && b == 10 {
			base = 1000
		}
	}
	k := 0
	if unit != "" {
		k = -1
		for i, u := range byteUnits {
			if strings.EqualFold(u, unit) {
				k = i
			}
		}
		if k < 0 {
			return str("")
		}
	} else {
		for k+1 < len(byteUnits) && math.Abs(x) >= math.Pow(base, float64(k+1)) {
			k++
		}
	}
	v := x / math.Pow(base, float64(k))
	p := math.Pow(10, float64(max(prec, 0)))
	v = math.Round(v*p) / p
	return str(strconv.FormatFloat(v, 'f', -1, 64) + " " + byteUnits[k])
}

// deflateBody is a raw deflate stream as zlib writes it: stored blocks when
// compressing would not make the data smaller (always for short text).
func deflateBody(data []byte) []byte {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestSpeed)
	_, _ = w.Write(data)
	_ = w.Close()
	var stored []byte
	for rest := data; ; {
		n := min(len(rest), 65535)
		final := byte(0)
		if n == len(rest) {
			final = 1
		}
		stored = append(stored, final, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		stored = append(stored, rest[:n]...)
		if rest = rest[n:]; final == 1 {
			break
		}
	}
	if buf.Len() < len(stored) {
		return buf.Bytes()
	}
	return stored
}

// treePaths lists the path of every property under v, parents first, as
// ['a']['b']; array elements are not descended into.
func treePaths(v value.Value, prefix string, out *value.Array) {
	b, ok := v.Bag()
	if !ok {
		return
	}
	for i, k := range b.Keys {
		p := prefix + "['" + k + "']"
		*out = append(*out, str(p))
		treePaths(b.Values[i], p, out)
	}
}

func init() {
	// around(value, center, delta): center-delta <= value <= center+delta.
	def(names("around"), tBool, ks(kAny, kAny, kAny), 0,
		func(_ *Env, a []value.Value) value.Value {
			lo := arith("-", a[1].Unwrap(), a[2].Unwrap())
			hi := arith("+", a[1].Unwrap(), a[2].Unwrap())
			c1, ok1 := Compare(a[0], lo)
			c2, ok2 := Compare(a[0], hi)
			if !ok1 || !ok2 {
				return value.Null(tBool)
			}
			return value.NewBool(c1 >= 0 && c2 <= 0)
		})
	// has_any_index(text, lookups): the index of the first lookup the text
	// has (as the has operator decides; numbers as text), -1 when none.
	def(names("has_any_index"), tLong, ks(kStrDyn, kArr), 0,
		func(_ *Env, a []value.Value) value.Value {
			arr, ok := a[1].Array()
			if !ok {
				return value.Null(tLong)
			}
			s := argStr(a[0])
			for i, e := range arr {
				if Has(s, ToString(e)) {
					return value.NewLong(int64(i))
				}
			}
			return value.NewLong(-1)
		})
}
