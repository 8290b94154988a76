package eval

import (
	"cmp"
	"math"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// Compare orders two non-null values for sort, top, min and max: numbers
// by value across int, long and real (NaN first), datetimes and timespans
// by ticks, strings ordinally, bools false before true, guids by bytes,
// dynamic values by their JSON text. Values of unrelated types order by
// type.
func Compare(a, b value.Value) int {
	a, b = a.Unwrap(), b.Unwrap()
	ta, tb := a.Type(), b.Type()
	if ta.IsNumeric() && tb.IsNumeric() {
		if (ta == value.Int || ta == value.Long) && (tb == value.Int || tb == value.Long) {
			return cmp.Compare(a.Long(), b.Long())
		}
		fa, _ := a.AsFloat()
		fb, _ := b.AsFloat()
		return compareFloat(fa, fb)
	}
	if ta != tb {
		return cmp.Compare(ta, tb)
	}
	switch ta {
	case value.Bool:
		return cmp.Compare(a.Long(), b.Long())
	case value.DateTime, value.Timespan:
		return cmp.Compare(a.Ticks(), b.Ticks())
	case value.String:
		return strings.Compare(a.Str(), b.Str())
	case value.Guid:
		ga, gb := a.GuidBytes(), b.GuidBytes()
		return strings.Compare(string(ga[:]), string(gb[:]))
	case value.Dynamic:
		return strings.Compare(string(a.AppendJSON(nil)), string(b.AppendJSON(nil)))
	}
	return 0
}

func compareFloat(a, b float64) int {
	an, bn := math.IsNaN(a), math.IsNaN(b)
	switch {
	case an && bn:
		return 0
	case an:
		return -1
	case bn:
		return 1
	}
	return cmp.Compare(a, b)
}

// isNullish reports a value sort treats as null: a null, or a dynamic
// null.
func isNullish(v value.Value) bool {
	return v.IsNull()
}

// sortKey is a compiled sort key.
type sortKey struct {
	expr       Scalar
	desc       bool
	nullsFirst bool
}

// compareKeys orders two rows' precomputed key values; nulls go first or
// last as each key says, whatever the direction.
func compareKeys(keys []sortKey, a, b []value.Value) int {
	for i, k := range keys {
		x, y := a[i], b[i]
		xn, yn := isNullish(x), isNullish(y)
		var c int
		switch {
		case xn && yn:
			c = 0
		case xn:
			if k.nullsFirst {
				return -1
			}
			return 1
		case yn:
			if k.nullsFirst {
				return 1
			}
			return -1
		default:
			c = Compare(x, y)
			if k.desc {
				c = -c
			}
		}
		if c != 0 {
			return c
		}
	}
	return 0
}
