package evtx

import (
	"encoding/binary"
	"math"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// Value types of binary XML substitutions; 0x80 marks an array.
const (
	vtNull     = 0x00
	vtString   = 0x01
	vtANSI     = 0x02
	vtInt8     = 0x03
	vtUint8    = 0x04
	vtInt16    = 0x05
	vtUint16   = 0x06
	vtInt32    = 0x07
	vtUint32   = 0x08
	vtInt64    = 0x09
	vtUint64   = 0x0a
	vtFloat    = 0x0b
	vtDouble   = 0x0c
	vtBool     = 0x0d
	vtBinary   = 0x0e
	vtGUID     = 0x0f
	vtSizeT    = 0x10
	vtFileTime = 0x11
	vtSysTime  = 0x12
	vtSID      = 0x13
	vtHex32    = 0x14
	vtHex64    = 0x15
	vtBinXML   = 0x21
	vtArray    = 0x80
)

// fixedSize is the element size of fixed-size value types (0: variable).
var fixedSize = [0x16]int{
	vtInt8: 1, vtUint8: 1, vtInt16: 2, vtUint16: 2, vtInt32: 4, vtUint32: 4,
	vtInt64: 8, vtUint64: 8, vtFloat: 4, vtDouble: 8, vtBool: 4, vtGUID: 16,
	vtFileTime: 8, vtSysTime: 16, vtHex32: 4, vtHex64: 8,
}

func knownType(t uint8) bool {
	b := t &^ vtArray
	return b <= vtHex64 || (t == vtBinXML) || b == 0x20 || b == 0x23
}

// appendValue appends the text of one value as Windows renders it.
func appendValue(dst []byte, t uint8, b []byte) []byte {
	if t&vtArray != 0 {
		first := true
		eachElem(t, b, func(et uint8, e []byte) {
			if !first {
				dst = append(dst, ", "...)
			}
			first = false
			dst = appendValue(dst, et, e)
		})
		return dst
	}
	if int(t) < len(fixedSize) && fixedSize[t] > 0 && len(b) < fixedSize[t] {
		return appendHex(dst, b) // too short for its type: show the bytes
	}
	le := binary.LittleEndian
	switch t {
	case vtNull:
		return dst
	case vtString:
		return appendUTF16(dst, trimNul16(b))
	case vtANSI:
		return appendANSI(dst, b)
	case vtInt8:
		return strconv.AppendInt(dst, int64(int8(b[0])), 10)
	case vtUint8:
		return strconv.AppendUint(dst, uint64(b[0]), 10)
	case vtInt16:
		return strconv.AppendInt(dst, int64(int16(le.Uint16(b))), 10)
	case vtUint16:
		return strconv.AppendUint(dst, uint64(le.Uint16(b)), 10)
	case vtInt32:
		return strconv.AppendInt(dst, int64(int32(le.Uint32(b))), 10)
	case vtUint32:
		return strconv.AppendUint(dst, uint64(le.Uint32(b)), 10)
	case vtInt64:
		return strconv.AppendInt(dst, int64(le.Uint64(b)), 10)
	case vtUint64:
		return strconv.AppendUint(dst, le.Uint64(b), 10)
	case vtFloat:
		return strconv.AppendFloat(dst, float64(math.Float32frombits(le.Uint32(b))), 'g', -1, 32)
	case vtDouble:
		return strconv.AppendFloat(dst, math.Float64frombits(le.Uint64(b)), 'g', -1, 64)
	case vtBool:
		if le.Uint32(b) != 0 {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case vtGUID:
		return appendGUID(dst, b)
	case vtSizeT, vtHex32, vtHex64:
		var v uint64
		switch {
		case len(b) >= 8:
			v = le.Uint64(b)
		case len(b) >= 4:
			v = uint64(le.Uint32(b))
		default:
			return appendHex(dst, b)
		}
		dst = append(dst, "0x"...)
		return strconv.AppendUint(dst, v, 16)
	case vtFileTime:
		return appendTime(dst, filetime(le.Uint64(b)))
	case vtSysTime:
		return appendTime(dst, systemtime(b))
	case vtSID:
		return appendSID(dst, b)
	}
	return appendHex(dst, b) // binary and unknown types
}

// eachElem calls fn for every element of an array value.
func eachElem(t uint8, b []byte, fn func(uint8, []byte)) {
	et := t &^ vtArray
	switch {
	case et == vtString:
		for len(b) >= 2 {
			i := 0
			for i+1 < len(b) && (b[i] != 0 || b[i+1] != 0) {
				i += 2
			}
			fn(et, b[:i])
			if i+2 > len(b) {
				return
			}
			b = b[i+2:]
		}
	case et == vtANSI:
		for len(b) > 0 {
			i := 0
			for i < len(b) && b[i] != 0 {
				i++
			}
			fn(et, b[:i])
			if i+1 > len(b) {
				return
			}
			b = b[i+1:]
		}
	case et == vtSID:
		for len(b) >= 8 {
			n := 8 + 4*int(b[1])
			if n > len(b) {
				n = len(b)
			}
			fn(et, b[:n])
			b = b[n:]
		}
	case et == vtSizeT:
		for len(b) >= 8 {
			fn(vtHex64, b[:8])
			b = b[8:]
		}
	case int(et) < len(fixedSize) && fixedSize[et] > 0:
		n := fixedSize[et]
		for len(b) >= n {
			fn(et, b[:n])
			b = b[n:]
		}
	default:
		fn(et, b)
	}
}

func trimNul16(b []byte) []byte {
	for len(b) >= 2 && b[len(b)-1] == 0 && b[len(b)-2] == 0 {
		b = b[:len(b)-2]
	}
	return b
}

// appendUTF16 appends UTF-16LE text as UTF-8; unpaired surrogates become
// U+FFFD. An odd trailing byte is dropped.
func appendUTF16(dst, b []byte) []byte {
	i := 0
	// Fast path: four ASCII characters at a time.
	for ; i+8 <= len(b); i += 8 {
		v := binary.LittleEndian.Uint64(b[i:])
		if v&0xff80ff80ff80ff80 != 0 {
			break
		}
		dst = append(dst, byte(v), byte(v>>16), byte(v>>32), byte(v>>48))
	}
	for ; i+1 < len(b); i += 2 {
		c := rune(b[i]) | rune(b[i+1])<<8
		switch {
		case c < utf8.RuneSelf:
			dst = append(dst, byte(c))
			continue
		case utf16.IsSurrogate(c):
			if c < 0xdc00 && i+3 < len(b) {
				c2 := rune(b[i+2]) | rune(b[i+3])<<8
				if r := utf16.DecodeRune(c, c2); r != utf8.RuneError {
					dst = utf8.AppendRune(dst, r)
					i += 2
					continue
				}
			}
			c = utf8.RuneError
		}
		dst = utf8.AppendRune(dst, c)
	}
	return dst
}

// cp1252 maps Windows-1252 bytes 0x80-0x9f; the rest are Latin-1.
var cp1252 = [32]rune{
	0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
	0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
}

func appendANSI(dst, b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	for _, c := range b {
		switch {
		case c < 0x80:
			dst = append(dst, c)
		case c < 0xa0:
			dst = utf8.AppendRune(dst, cp1252[c-0x80])
		default:
			dst = utf8.AppendRune(dst, rune(c))
		}
	}
	return dst
}

const hexUpper = "0123456789ABCDEF"

func appendHex(dst, b []byte) []byte {
	for _, c := range b {
		dst = append(dst, hexUpper[c>>4], hexUpper[c&15])
	}
	return dst
}

func appendHexN(dst []byte, v uint64, digits int) []byte {
	for i := digits - 1; i >= 0; i-- {
		dst = append(dst, hexUpper[(v>>(4*uint(i)))&15])
	}
	return dst
}

// appendGUID renders {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}.
func appendGUID(dst, b []byte) []byte {
	le := binary.LittleEndian
	dst = append(dst, '{')
	dst = appendHexN(dst, uint64(le.Uint32(b)), 8)
	dst = append(dst, '-')
	dst = appendHexN(dst, uint64(le.Uint16(b[4:])), 4)
	dst = append(dst, '-')
	dst = appendHexN(dst, uint64(le.Uint16(b[6:])), 4)
	dst = append(dst, '-')
	dst = appendHex(dst, b[8:10])
	dst = append(dst, '-')
	dst = appendHex(dst, b[10:16])
	return append(dst, '}')
}

// appendSID renders S-R-A-S1-S2...; an authority of 2^32 or more is hex.
func appendSID(dst, b []byte) []byte {
	if len(b) < 8 {
		return appendHex(dst, b)
	}
	n := int(b[1])
	var auth uint64
	for _, c := range b[2:8] {
		auth = auth<<8 | uint64(c)
	}
	dst = append(dst, "S-"...)
	dst = strconv.AppendUint(dst, uint64(b[0]), 10)
	dst = append(dst, '-')
	if auth >= 1<<32 {
		dst = append(dst, "0x"...)
		dst = appendHexN(dst, auth, 12)
	} else {
		dst = strconv.AppendUint(dst, auth, 10)
	}
	for i := 0; i < n && 8+4*i+4 <= len(b); i++ {
		dst = append(dst, '-')
		dst = strconv.AppendUint(dst, uint64(binary.LittleEndian.Uint32(b[8+4*i:])), 10)
	}
	return dst
}

// filetime converts 100 ns ticks since 1601-01-01 UTC.
func filetime(v uint64) time.Time {
	const epochDelta = 116444736000000000 // 1601 to 1970 in 100 ns ticks
	t := int64(v)
	if t < 0 {
		t = math.MaxInt64
	}
	sec := (t - epochDelta) / 1e7
	ns := (t - epochDelta) % 1e7 * 100
	if ns < 0 {
		sec--
		ns += 1e9
	}
	return time.Unix(sec, ns).UTC()
}

func systemtime(b []byte) time.Time {
	le := binary.LittleEndian
	return time.Date(int(le.Uint16(b)), time.Month(le.Uint16(b[2:])), int(le.Uint16(b[6:])),
		int(le.Uint16(b[8:])), int(le.Uint16(b[10:])), int(le.Uint16(b[12:])),
		int(le.Uint16(b[14:]))*1e6, time.UTC)
}

// appendTime renders 2006-01-02T15:04:05.0000000Z (seven fraction digits,
// as Windows renders SystemTime).
func appendTime(dst []byte, t time.Time) []byte {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	dst = appendInt(dst, y, 4)
	dst = append(dst, '-')
	dst = appendInt(dst, int(mo), 2)
	dst = append(dst, '-')
	dst = appendInt(dst, d, 2)
	dst = append(dst, 'T')
	dst = appendInt(dst, h, 2)
	dst = append(dst, ':')
	dst = appendInt(dst, mi, 2)
	dst = append(dst, ':')
	dst = appendInt(dst, s, 2)
	dst = append(dst, '.')
	dst = appendInt(dst, t.Nanosecond()/100, 7)
	return append(dst, 'Z')
}

func appendInt(dst []byte, v, width int) []byte {
	var buf [20]byte
	i := len(buf)
	if v < 0 {
		v = 0
	}
	for v > 0 || width > 0 {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
		width--
	}
	return append(dst, buf[i:]...)
}
