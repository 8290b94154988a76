package builtin

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/bits"
	"strings"
	"unicode/utf8"

	"github.com/kqlhunt/kqlhunt/value"
)

// Hashes and encodings. Hashes read the tostring text of their argument
// as UTF-8 (the engine's hash_sha256(datetime(2020-01-01)) is the SHA-256
// of "2020-01-01T00:00:00.0000000Z").

const (
	xxP1 uint64 = 11400714785074694791
	xxP2 uint64 = 14029467366897019727
	xxP3 uint64 = 1609587929392839161
	xxP4 uint64 = 9650029242287828579
	xxP5 uint64 = 2870177450012600261
)

func xxRound(acc, lane uint64) uint64 {
	acc += lane * xxP2
	return bits.RotateLeft64(acc, 31) * xxP1
}

func xxMerge(h, v uint64) uint64 {
	h ^= xxRound(0, v)
	return h*xxP1 + xxP4
}

// XXHash64 is the 64-bit xxHash of b with seed 0, which hash() uses.
func XXHash64(b []byte) uint64 {
	n := len(b)
	var h uint64
	if n >= 32 {
		p1, p2 := xxP1, xxP2 // variables: the sums wrap
		v1, v2, v3, v4 := p1+p2, p2, uint64(0), -p1
		for len(b) >= 32 {
			v1 = xxRound(v1, binary.LittleEndian.Uint64(b))
			v2 = xxRound(v2, binary.LittleEndian.Uint64(b[8:]))
			v3 = xxRound(v3, binary.LittleEndian.Uint64(b[16:]))
			v4 = xxRound(v4, binary.LittleEndian.Uint64(b[24:]))
			b = b[32:]
		}
		h = bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) + bits.RotateLeft64(v3, 12) +
			bits.RotateLeft64(v4, 18)
		h = xxMerge(h, v1)
		h = xxMerge(h, v2)
		h = xxMerge(h, v3)
		h = xxMerge(h, v4)
	} else {
		h = xxP5
	}
	h += uint64(n)
	for len(b) >= 8 {
		h ^= xxRound(0, binary.LittleEndian.Uint64(b))
		h = bits.RotateLeft64(h, 27)*xxP1 + xxP4
		b = b[8:]
	}
	if len(b) >= 4 {
		h ^= uint64(binary.LittleEndian.Uint32(b)) * xxP1
		h = bits.RotateLeft64(h, 23)*xxP2 + xxP3
		b = b[4:]
	}
	for _, c := range b {
		h ^= uint64(c) * xxP5
		h = bits.RotateLeft64(h, 11) * xxP1
	}
	h ^= h >> 33
	h *= xxP2
	h ^= h >> 29
	h *= xxP3
	h ^= h >> 32
	return h
}

func bindHash(name string) func([]Arg) (value.Type, Impl, error) {
	return func(args []Arg) (value.Type, Impl, error) {
		if err := checkArgs(name, args, ks(kScalar, kInt), 1, false); err != nil {
			return value.Invalid, nil, err
		}
		return tLong, func(_ *Env, a []value.Value) value.Value {
			if a[0].IsNull() && a[0].Type() != value.String {
				return value.Null(tLong)
			}
			h := int64(XXHash64(hashBytes(a[0])))
			if len(a) > 1 {
				m, ok := argLong(a[1])
				if !ok || m <= 0 {
					return value.Null(tLong)
				}
				return value.NewLong(int64(uint64(h) % uint64(m)))
			}
			return value.NewLong(h)
		}, nil
	}
}

// hashBytes is the input of hash(): a string's UTF-8 bytes; for scalars
// their binary form, little-endian (the engine's hash(datetime(2015-01-01))
// is the xxHash of the eight bytes of its ticks).
func hashBytes(v value.Value) []byte {
	v = v.Unwrap()
	var b [8]byte
	switch v.Type() {
	case value.Int:
		binary.LittleEndian.PutUint32(b[:4], uint32(v.Long()))
		return b[:4]
	case value.Long, value.DateTime, value.Timespan:
		binary.LittleEndian.PutUint64(b[:], uint64(v.Long()))
		return b[:]
	case value.Real:
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(v.Real()))
		return b[:]
	case value.Bool:
		if v.Bool() {
			return []byte{1}
		}
		return []byte{0}
	case value.Guid:
		g := v.GuidBytes()
		return g[:]
	}
	return []byte(ToString(v))
}

func init() {
	register(bindHash("hash"), "hash")
	register(bindHash("hash_xxhash64"), "hash_xxhash64")
	digest := func(name string, f func([]byte) []byte) {
		def(names(name), tString, ks(kScalar), 0, func(_ *Env, a []value.Value) value.Value {
			return str(hex.EncodeToString(f([]byte(ToString(a[0])))))
		})
	}
	digest("hash_sha256", func(b []byte) []byte { s := sha256.Sum256(b); return s[:] })
	digest("hash_sha1", func(b []byte) []byte { s := sha1.Sum(b); return s[:] })
	digest("hash_md5", func(b []byte) []byte { s := md5.Sum(b); return s[:] })
	def(names("base64_encode_tostring", "base64_encodestring"), tString, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			return str(base64.StdEncoding.EncodeToString([]byte(argStr(a[0]))))
		})
	def(names("base64_decode_tostring", "base64_decodestring"), tString, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			b, ok := decodeBase64(argStr(a[0]))
			if !ok || !utf8.Valid(b) {
				return str("")
			}
			return str(string(b))
		})
	def(names("base64_decode_toarray"), tDyn, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			b, ok := decodeBase64(argStr(a[0]))
			if !ok {
				return value.NullDynamic
			}
			out := make(value.Array, len(b))
			for i, c := range b {
				out[i] = value.NewLong(int64(c))
			}
			return value.NewArray(out)
		})
	def(names("base64_encode_fromarray"), tString, ks(kArr), 0,
		func(_ *Env, a []value.Value) value.Value {
			arr, ok := a[0].Array()
			if !ok {
				return str("")
			}
			b := make([]byte, 0, len(arr))
			for _, e := range arr {
				n, ok := argLong(e)
				if !ok || n < 0 || n > 255 {
					return str("")
				}
				b = append(b, byte(n))
			}
			return str(base64.StdEncoding.EncodeToString(b))
		})
	def(names("base64_decode_toguid"), value.Guid, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			b, ok := decodeBase64(argStr(a[0]))
			if !ok || len(b) != 16 {
				return value.Null(value.Guid)
			}
			return value.NewGuid(guidFromDotNet(b))
		})
	def(names("base64_encode_fromguid"), tString, ks(kGuid), 0,
		func(_ *Env, a []value.Value) value.Value {
			g := ToGuid(a[0])
			if g.IsNull() {
				return str("")
			}
			gb := g.GuidBytes()
			b := guidFromDotNet(gb[:]) // the byte swap is its own inverse
			return str(base64.StdEncoding.EncodeToString(b[:]))
		})
	def(names("url_encode"), tString, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value { return str(urlEncode(argStr(a[0]), "+")) })
	def(names("url_encode_component"), tString, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value { return str(urlEncode(argStr(a[0]), "%20")) })
	def(names("url_decode"), tString, ks(kStr), 0, func(_ *Env, a []value.Value) value.Value {
		return str(urlDecode(argStr(a[0])))
	})
}

func decodeBase64(s string) ([]byte, bool) {
	// Padding is required: unpadded text does not decode.
	b, err := base64.StdEncoding.DecodeString(s)
	return b, err == nil
}

// guidFromDotNet reorders .NET's little-endian guid layout to the textual
// byte order (and back).
func guidFromDotNet(b []byte) [16]byte {
	var g [16]byte
	copy(g[:], b)
	g[0], g[1], g[2], g[3] = b[3], b[2], b[1], b[0]
	g[4], g[5] = b[5], b[4]
	g[6], g[7] = b[7], b[6]
	return g
}

// urlEncode escapes as .NET's UrlEncode: letters, digits and -_.!*() stay,
// space becomes the given text ('+' or %20), other bytes %xx in lower case.
func urlEncode(s, space string) string {
	const hexDigits = "0123456789abcdef"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9',
			strings.IndexByte("-_.!*()", c) >= 0:
			b.WriteByte(c)
		case c == ' ':
			b.WriteString(space)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}

// urlDecode undoes %xx escapes and '+'; malformed escapes stay as text.
func urlDecode(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			b = append(b, ' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			v, _ := hex.DecodeString(s[i+1 : i+3])
			b = append(b, v[0])
			i += 2
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
