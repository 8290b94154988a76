package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/kqlhunt/kqlhunt/kql"
	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/value"
)

// compareResult checks a result against a case: columns, types, rows.
func compareResult(c *Case, f format, res *kql.Result) (bool, string) {
	if c.ExpectedColumns != nil {
		var got []string
		for _, col := range res.Columns {
			got = append(got, col.Name)
		}
		if strings.Join(got, ",") != strings.Join(c.ExpectedColumns, ",") {
			return false, fmt.Sprintf("columns: got %v, want %v", got, c.ExpectedColumns)
		}
	}
	for i, t := range c.ExpectedTypes {
		if i < len(res.Columns) && !typeMatches(t, res.Columns[i].Type, f) {
			return false, fmt.Sprintf("column types: %s is %s, want %s",
				res.Columns[i].Name, res.Columns[i].Type, t)
		}
	}
	if c.Nondeterministic || c.ExpectedRows == nil {
		return true, ""
	}
	want := make([][]json.RawMessage, len(c.ExpectedRows))
	for i, raw := range c.ExpectedRows {
		if err := json.Unmarshal(raw, &want[i]); err != nil {
			return false, "bad expected row: " + err.Error()
		}
	}
	complete := c.RowsComplete == nil || *c.RowsComplete
	if !complete && c.ExpectedRowCount != nil && len(res.Rows) != *c.ExpectedRowCount {
		return false, fmt.Sprintf("rows: got %d, want %d", len(res.Rows), *c.ExpectedRowCount)
	}
	if complete && len(res.Rows) != len(want) {
		return false, fmt.Sprintf("rows: got %d, want %d", len(res.Rows), len(want))
	}
	rowEq := func(got []value.Value, w []json.RawMessage) bool {
		if len(got) != len(w) {
			return false
		}
		for i := range w {
			if !cellMatches(got[i], w[i], f) {
				return false
			}
		}
		return true
	}
	if c.RowOrder == "sorted" || c.RowOrder == "single_row" {
		for i, w := range want {
			if i >= len(res.Rows) || !rowEq(res.Rows[i], w) {
				return false, fmt.Sprintf("row %d: got %s, want %s", i, rowText(res.Rows, i), rawRow(w))
			}
		}
		return true, ""
	}
	used := make([]bool, len(res.Rows))
	for i, w := range want {
		found := false
		for j, g := range res.Rows {
			if !used[j] && rowEq(g, w) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			return false, fmt.Sprintf("row %d not found: want %s", i, rawRow(w))
		}
	}
	return true, ""
}

func rowText(rows [][]value.Value, i int) string {
	if i >= len(rows) {
		return "(none)"
	}
	var parts []string
	for _, v := range rows[i] {
		parts = append(parts, v.Text())
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func rawRow(w []json.RawMessage) string {
	var parts []string
	for _, r := range w {
		parts = append(parts, string(r))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// typeMatches compares an expected type name (collapsed kustainer names
// such as Int, or KQL names) with ours. The kustainer harness collapsed
// decimal into Real.
func typeMatches(want string, got value.Type, f format) bool {
	switch strings.ToLower(want) {
	case "int", "long", "int64", "int32":
		return got == value.Int || got == value.Long
	case "real", "double":
		return got == value.Real || f == formatKustainer && got == value.Decimal
	case "decimal":
		return got == value.Decimal
	case "string":
		return got == value.String
	case "bool", "boolean":
		return got == value.Bool
	case "datetime", "date":
		return got == value.DateTime
	case "timespan", "time":
		return got == value.Timespan
	case "guid":
		return got == value.Guid
	case "dynamic", "object", "array":
		return got == value.Dynamic
	}
	return true
}

// cellMatches compares one of our values with an expected cell.
func cellMatches(got value.Value, raw json.RawMessage, f format) bool {
	var w any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&w); err != nil {
		return false
	}
	if w == nil {
		return got.IsNull() || got.Type() == value.String && got.Str() == "" ||
			got.Type() == value.Dynamic && got.IsNull()
	}
	text, isText := w.(string)
	if num, ok := w.(json.Number); ok {
		text, isText = num.String(), true
	}
	switch got.Type() {
	case value.Dynamic:
		return dynamicMatches(got, w, f)
	case value.String:
		if !isText {
			return false
		}
		if got.Str() == text {
			return true
		}
		return f == formatDocs && strings.TrimSpace(got.Str()) == strings.TrimSpace(text)
	}
	if !isText {
		if b, ok := w.(bool); ok && got.Type() == value.Bool {
			return !got.IsNull() && got.Bool() == b
		}
		return false
	}
	text = strings.TrimSpace(text)
	if got.IsNull() {
		return text == "" || strings.EqualFold(text, "null")
	}
	switch got.Type() {
	case value.Bool:
		return strings.EqualFold(text, strconv.FormatBool(got.Bool()))
	case value.Int, value.Long, value.Real, value.Decimal:
		want, err := parseNumber(text)
		g, ok := got.AsFloat()
		return err == nil && ok && floatsClose(g, want)
	case value.DateTime:
		w := builtin.ToDateTime(value.NewString(text))
		return !w.IsNull() && w.Ticks() == got.Ticks()
	case value.Timespan:
		w := builtin.ToTimespan(value.NewString(text))
		return !w.IsNull() && w.Ticks() == got.Ticks()
	case value.Guid:
		return strings.EqualFold(got.Text(), text)
	}
	return got.Text() == text
}

func parseNumber(s string) (float64, error) {
	s = strings.ReplaceAll(s, ",", "")
	switch s {
	case "NaN":
		return math.NaN(), nil
	case "Infinity", "∞":
		return math.Inf(1), nil
	case "-Infinity", "-∞":
		return math.Inf(-1), nil
	}
	return strconv.ParseFloat(s, 64)
}

func floatsClose(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	if a == b {
		return true
	}
	d := math.Abs(a - b)
	return d <= 1e-6 || d <= 1e-6*math.Max(math.Abs(a), math.Abs(b))
}

// dynamicMatches compares a dynamic value with an expected JSON value (or
// JSON text, as kustainer and docs write it).
func dynamicMatches(got value.Value, w any, f format) bool {
	if s, ok := w.(string); ok {
		var parsed any
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		if err := dec.Decode(&parsed); err == nil {
			w = parsed
		} else if f == formatDocs {
			dec := json.NewDecoder(strings.NewReader(strings.ReplaceAll(s, "'", "\"")))
			dec.UseNumber()
			if err := dec.Decode(&parsed); err == nil {
				w = parsed
			} else {
				// Docs tables often print arrays unquoted: [yes, no].
				return looseText(string(got.AppendJSON(nil))) == looseText(s)
			}
		}
	}
	var g any
	dec := json.NewDecoder(bytes.NewReader(got.AppendJSON(nil)))
	dec.UseNumber()
	if err := dec.Decode(&g); err != nil {
		return false
	}
	return jsonEqual(g, w)
}

func jsonEqual(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case json.Number:
		switch y := b.(type) {
		case json.Number:
			fa, _ := parseNumber(x.String())
			fb, _ := parseNumber(y.String())
			return floatsClose(fa, fb)
		case string:
			fa, _ := parseNumber(x.String())
			fb, err := parseNumber(y)
			return err == nil && floatsClose(fa, fb)
		}
		return false
	case string:
		switch y := b.(type) {
		case string:
			if x == y {
				return true
			}
			// datetimes written with fewer digits
			dx := builtin.ToDateTime(value.NewString(x))
			dy := builtin.ToDateTime(value.NewString(y))
			return !dx.IsNull() && !dy.IsNull() && dx.Ticks() == dy.Ticks() &&
				strings.Contains(x, "-") && strings.Contains(y, "-")
		case json.Number:
			return jsonEqual(b, a)
		case bool:
			return strings.EqualFold(x, strconv.FormatBool(y))
		}
		return false
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !jsonEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if !jsonEqual(v, y[k]) {
				return false
			}
		}
		return true
	}
	return false
}

// looseText drops quotes and spaces, for docs cells that print JSON
// loosely.
func looseText(s string) string {
	return strings.NewReplacer(`"`, "", "'", "", " ", "", "\n", "").Replace(s)
}
