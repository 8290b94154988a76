package ruletest

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/value"
)

// timeLayouts are the datetime forms a test file may use.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.9999999",
	"2006-01-02 15:04:05.9999999",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// ParseTime reads a datetime as test files write it; a time without a zone
// is UTC.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("bad datetime %q (want RFC 3339, e.g. "+
		"2025-03-14T09:26:53Z)", s)
}

// toValue converts a YAML value to a value of the column's type.
func toValue(x any, t value.Type) (value.Value, error) {
	if x == nil {
		return value.Null(t), nil
	}
	s := scalarText(x)
	switch t {
	case value.String:
		return value.NewString(s), nil
	case value.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return value.Value{}, fmt.Errorf("want a bool, got %q", s)
		}
		return value.NewBool(b), nil
	case value.Int, value.Long:
		n, err := strconv.ParseInt(s, 0, 64)
		if err != nil {
			return value.Value{}, fmt.Errorf("want an integer, got %q", s)
		}
		if t == value.Int {
			return value.NewInt(int32(n)), nil
		}
		return value.NewLong(n), nil
	case value.Real:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return value.Value{}, fmt.Errorf("want a number, got %q", s)
		}
		return value.NewReal(f), nil
	case value.Decimal:
		return value.NewDecimal(s), nil
	case value.DateTime:
		if tm, ok := x.(time.Time); ok {
			return value.NewDateTime(tm), nil
		}
		tm, err := ParseTime(s)
		if err != nil {
			return value.Value{}, err
		}
		return value.NewDateTime(tm), nil
	case value.Timespan:
		d, err := rules.ParseDuration(s)
		if err != nil {
			return value.Value{}, err
		}
		return value.NewDuration(d), nil
	case value.Guid:
		g, ok := value.ParseGuid(s)
		if !ok {
			return value.Value{}, fmt.Errorf("want a GUID, got %q", s)
		}
		return value.NewGuid(g), nil
	case value.Dynamic:
		text := s
		if _, isStr := x.(string); !isStr {
			b, err := json.Marshal(jsonable(x))
			if err != nil {
				return value.Value{}, err
			}
			text = string(b)
		}
		v, err := value.ParseJSON(text)
		if err != nil {
			return value.ToDynamic(value.NewString(s)), nil
		}
		return v, nil
	}
	return value.Value{}, fmt.Errorf("cannot write a %s value in a test", t)
}

// scalarText is the text of a YAML scalar.
func scalarText(x any) string {
	switch v := x.(type) {
	case string:
		return v
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return fmt.Sprint(x)
}

// jsonable turns YAML maps (map[string]any, map[any]any) into what
// encoding/json can write.
func jsonable(x any) any {
	switch v := x.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = jsonable(e)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[fmt.Sprint(k)] = jsonable(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = jsonable(e)
		}
		return out
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano)
	}
	return x
}

// matches reports whether an actual cell equals the value a test expects,
// compared by the cell's type: numbers by value, datetimes by instant,
// dynamic values as JSON, strings exactly.
func matches(want any, got value.Value) bool {
	if want == nil {
		return got.IsNull() || got.Type() == value.String && got.Str() == ""
	}
	switch got.Type() {
	case value.String:
		return !got.IsNull() && scalarText(want) == got.Str()
	case value.Bool, value.Int, value.Long, value.Decimal, value.Guid, value.Timespan:
		w, err := toValue(want, got.Type())
		return err == nil && w.Text() == got.Text()
	case value.Real:
		f, err := strconv.ParseFloat(scalarText(want), 64)
		g := got.Real()
		return err == nil && !got.IsNull() &&
			(f == g || math.Abs(f-g) <= 1e-9*math.Max(math.Abs(f), math.Abs(g)))
	case value.DateTime:
		w, err := toValue(want, value.DateTime)
		return err == nil && !got.IsNull() && w.Ticks() == got.Ticks()
	case value.Dynamic:
		w, err := toValue(want, value.Dynamic)
		if err != nil {
			return false
		}
		return sameJSON(w, got)
	}
	return scalarText(want) == got.Text()
}

// sameJSON compares two dynamic values as JSON documents (bag key order
// does not matter).
func sameJSON(a, b value.Value) bool {
	var x, y any
	if json.Unmarshal(a.AppendJSON(nil), &x) != nil || json.Unmarshal(b.AppendJSON(nil), &y) != nil {
		return a.Text() == b.Text()
	}
	return reflect.DeepEqual(x, y)
}

// show renders a cell for a diff: strings quoted, others as Kusto shows
// them.
func show(v value.Value) string {
	if v.Type() == value.String {
		return strconv.Quote(v.Str())
	}
	if v.IsNull() {
		return "null"
	}
	return v.Text()
}

// showWant renders an expected cell for a diff.
func showWant(x any) string {
	switch v := x.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(v)
	}
	if b, err := json.Marshal(jsonable(x)); err == nil {
		return string(b)
	}
	return fmt.Sprint(x)
}
