package jsonfmt

import (
	"fmt"
	"strings"

	"github.com/kqlhunt/kqlhunt/input"
)

// laTable decodes one table of a Log Analytics query API response:
// {"name":..., "columns":[{"name","type"}...], "rows":[[...]...]}.
func laTable(plan *input.Plan, b *input.Batcher, rec *input.Record, t []byte,
	lines *lineIndex, off int) {
	var cols, rows []byte
	_, err := input.ObjectKeys(t, 0, func(key, raw []byte) bool {
		switch strings.ToLower(string(key)) {
		case "columns":
			cols = raw
		case "rows":
			rows = raw
		}
		return true
	})
	if err != nil || cols == nil || rows == nil {
		b.Fault(input.Pos{Line: lines.at(off)}, "Log Analytics table without columns and rows")
		return
	}
	var slots []int
	eachElement(cols, 0, func(c []byte, _ int) {
		name := ""
		input.ObjectKeys(c, 0, func(key, raw []byte) bool {
			if strings.EqualFold(string(key), "name") {
				name = input.Unescape(raw)
			}
			return true
		})
		slots = append(slots, plan.SlotName(name))
	})
	rowsOff := off + offsetOf(t, rows)
	n := int64(0)
	_, err = eachElement(rows, 0, func(r []byte, o int) {
		n++
		pos := input.Pos{Line: lines.at(rowsOff + o), Record: n}
		rec.Reset(true)
		k := 0
		_, err := eachElement(r, 0, func(v []byte, _ int) {
			if k < len(slots) && slots[k] >= 0 {
				rec.SetJSON(slots[k], v)
			}
			k++
		})
		switch {
		case err != nil:
			b.Fault(pos, "malformed JSON: "+err.Error())
		case k != len(slots):
			b.Fault(pos, fmt.Sprintf("row has %d values for %d columns", k, len(slots)))
		default:
			b.Record(rec, "", pos)
		}
	})
	if err != nil {
		b.Fault(input.Pos{Line: lines.at(rowsOff)}, "malformed JSON: "+err.Error())
	}
}
