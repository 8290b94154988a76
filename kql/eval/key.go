package eval

import (
	"encoding/binary"
	"math"

	"github.com/kqlhunt/kqlhunt/value"
)

// appendKey appends an encoding of v that is equal for values distinct,
// summarize and join treat as equal: ints and longs by value, reals by
// value (NaNs equal), strings by bytes, dynamic values by JSON text.
func appendKey(b []byte, v value.Value) []byte {
	if v.IsNull() {
		return append(b, 0, byte(v.Type()))
	}
	switch t := v.Type(); t {
	case value.Int, value.Long:
		b = append(b, 1)
		return binary.LittleEndian.AppendUint64(b, uint64(v.Long()))
	case value.Real:
		f := v.Real()
		if f == math.Trunc(f) && math.Abs(f) < 1<<62 {
			b = append(b, 1)
			return binary.LittleEndian.AppendUint64(b, uint64(int64(f)))
		}
		if math.IsNaN(f) {
			f = math.NaN()
		}
		b = append(b, 2)
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	case value.String:
		b = append(b, 3)
		b = binary.AppendUvarint(b, uint64(len(v.Str())))
		return append(b, v.Str()...)
	case value.Bool, value.DateTime, value.Timespan:
		b = append(b, 4, byte(t))
		return binary.LittleEndian.AppendUint64(b, uint64(v.Long()))
	case value.Dynamic:
		j := v.AppendJSON(nil)
		b = append(b, 5)
		b = binary.AppendUvarint(b, uint64(len(j)))
		return append(b, j...)
	default:
		s := v.Text()
		b = append(b, 6, byte(t))
		b = binary.AppendUvarint(b, uint64(len(s)))
		return append(b, s...)
	}
}

// rowKey encodes a list of values as one map key.
func rowKey(buf []byte, vals []value.Value) []byte {
	buf = buf[:0]
	for _, v := range vals {
		buf = appendKey(buf, v)
	}
	return buf
}
