package builtin

import "github.com/kqlhunt/kqlhunt/value"

func init() {
	register(bindVariadic("estimate_data_size", 1, tLong, kAny, implEstimateDataSize),
		"estimate_data_size")
	Signatures = append(Signatures, Signature{"estimate_data_size", "long long...", "long"})
}

// implEstimateDataSize estimates the bytes its arguments take. The docs
// give a long as 8 bytes and a string as its length; the other fixed-size
// types count their storage size (bool 1, int 4, real, datetime and
// timespan 8, guid and decimal 16). A dynamic value counts its JSON text,
// a lower bound: Kusto's own representation of dynamic values is larger.
// Nulls count 0.
func implEstimateDataSize(a []value.Value) value.Value {
	var n int64
	for _, v := range a {
		if v.IsNull() {
			continue
		}
		switch v.Type() {
		case value.Bool:
			n++
		case value.Int:
			n += 4
		case value.Long, value.Real, value.DateTime, value.Timespan:
			n += 8
		case value.Guid, value.Decimal:
			n += 16
		case value.String:
			n += int64(len(v.Str()))
		case value.Dynamic:
			n += int64(len(v.AppendJSON(nil)))
		}
	}
	return value.NewLong(n)
}
