package input

import "github.com/kqlhunt/kqlhunt/value"

// Has reports whether the record holds a value for slot (a slot of the
// Plan the record was made for, see Plan.Slot).
func (r *Record) Has(slot int) bool {
	return slot >= 0 && slot < len(r.has) && r.has[slot]
}

// Text returns the value of slot as text (a JSON string unescaped, other
// JSON values as written); ok is false when the slot is absent or null.
// The text may alias the scanned input: use it at once.
func (r *Record) Text(slot int) (text string, ok bool) {
	if !r.Has(slot) {
		return "", false
	}
	return r.str(slot)
}

// BuildLoose is Build for live messages, where one bad field must not
// lose the row: each of the table's columns, in order, is the record's
// value converted to the column's type, or the type's null when the value
// is absent or does not convert. Type and TimeGenerated are taken as the
// record has them, not filled in. The row is freshly allocated.
func (p *Plan) BuildLoose(r *Record, table string) []value.Value {
	tp := p.tables[table]
	if tp == nil {
		return nil
	}
	row := make([]value.Value, len(tp.cols))
	for i, c := range tp.cols {
		v := value.Null(c.Type)
		if s := tp.slot[i]; r.has[s] {
			if x, err := r.convert(s, c.Type); err == nil {
				v = x
			}
		}
		row[i] = v
	}
	return row
}
