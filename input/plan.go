package input

import (
	"strings"

	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// Routing and time columns every plan tracks.
const (
	colType          = "Type"
	colActionType    = "ActionType"
	colTimestamp     = "Timestamp"
	colTimeGenerated = "TimeGenerated"
	colApplication   = "Application"
)

// Plan is a compiled Request: for each wanted table its columns, and a
// slot per distinct column name that any table needs, so a decoder keeps
// the raw value of each needed field once and skips all others. A Plan is
// immutable and safe for concurrent use.
type Plan struct {
	tables map[string]*tablePlan
	slots  map[string]int
	nslots int
	// suffixed maps each slot name with a union type suffix to its slot
	suffixed map[string]int
	// slots of the routing and time columns
	typeSlot, actionSlot, tsSlot, tgSlot, appSlot int
}

type tablePlan struct {
	name string
	cols []schema.Column
	slot []int
}

// NewPlan compiles the wanted tables and columns.
func NewPlan(tables map[string][]schema.Column) *Plan {
	p := &Plan{tables: map[string]*tablePlan{}, slots: map[string]int{}}
	add := func(name string) int {
		if s, ok := p.slots[name]; ok {
			return s
		}
		p.slots[name] = p.nslots
		p.nslots++
		return p.nslots - 1
	}
	p.typeSlot, p.actionSlot = add(colType), add(colActionType)
	p.tsSlot, p.tgSlot = add(colTimestamp), add(colTimeGenerated)
	p.appSlot = add(colApplication)
	for name, cols := range tables {
		tp := &tablePlan{name: name, cols: cols, slot: make([]int, len(cols))}
		for i, c := range cols {
			tp.slot[i] = add(c.Name)
		}
		p.tables[name] = tp
	}
	p.suffixed = make(map[string]int, len(p.slots)*len(unionSuffixes))
	for name, s := range p.slots {
		for _, suf := range unionSuffixes {
			p.suffixed[name+suf] = s
		}
	}
	return p
}

// Wants reports whether the table was requested.
func (p *Plan) Wants(table string) bool {
	_, ok := p.tables[table]
	return ok
}

// unionSuffixes are the type suffixes Kusto's union gives columns whose
// types differ between tables (ReportId_long, AdditionalFields_dynamic).
var unionSuffixes = []string{"_long", "_string", "_dynamic", "_int", "_real", "_bool",
	"_datetime", "_timespan", "_guid", "_decimal"}

// Slot returns the slot of a column name (or of the name without a
// union type suffix), or -1 when no table needs it.
func (p *Plan) Slot(name []byte) int {
	if s, ok := p.slots[string(name)]; ok {
		return s
	}
	if s, ok := p.suffixed[string(name)]; ok {
		return s
	}
	return -1
}

// SlotName is Slot for a string, normalising a " [UTC]" header suffix.
func (p *Plan) SlotName(name string) int {
	name = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(name), " [UTC]"))
	return p.Slot([]byte(name))
}

// Record holds one input row's raw field values by slot. A decoder reuses
// one Record per goroutine: Reset, Set..., then Plan.Route and Plan.Build.
type Record struct {
	raw     [][]byte // JSON text of each slot, nil when absent
	text    []string // plain text of each slot (CSV), when json is false
	has     []bool
	touched []int
	json    bool
	intern  map[string]string
	slab    []value.Value
	keys    []cachedKey // the previous object's keys, in order
	last    []slotCache // per slot: the last string, interning hit rate
}

// cachedKey remembers the slot of the key seen at one position: rows of
// one export repeat their keys in the same order, so comparing bytes
// replaces hashing.
type cachedKey struct {
	key  []byte
	slot int
}

// NewRecord returns an empty record for p.
func (p *Plan) NewRecord() *Record {
	return &Record{raw: make([][]byte, p.nslots), text: make([]string, p.nslots),
		has: make([]bool, p.nslots), json: true, intern: map[string]string{},
		last: make([]slotCache, p.nslots)}
}

// Reset empties the record; json says whether values will be JSON text.
func (r *Record) Reset(json bool) {
	for _, s := range r.touched {
		r.raw[s], r.text[s], r.has[s] = nil, "", false
	}
	r.touched = r.touched[:0]
	r.json = json
}

// SetJSON stores the raw JSON value of a slot. A null or "" never
// replaces a value already set (union exports carry X_long and X_string,
// one of them empty).
func (r *Record) SetJSON(slot int, raw []byte) {
	if r.has[slot] {
		if isNull(raw) || (len(raw) == 2 && raw[0] == '"') {
			return
		}
	} else {
		r.touched = append(r.touched, slot)
	}
	r.raw[slot], r.has[slot] = raw, true
}

// SetText stores the plain-text value of a slot; "" never replaces a
// value already set.
func (r *Record) SetText(slot int, s string) {
	if r.has[slot] {
		if s == "" {
			return
		}
	} else {
		r.touched = append(r.touched, slot)
	}
	r.text[slot], r.has[slot] = s, true
}

func isNull(raw []byte) bool { return len(raw) == 4 && string(raw) == "null" }

// str returns a slot's value as a string without allocating when it is
// not escaped JSON (the result may alias the input: use it at once).
func (r *Record) str(slot int) (string, bool) {
	if !r.has[slot] {
		return "", false
	}
	if !r.json {
		return r.text[slot], true
	}
	raw := r.raw[slot]
	if len(raw) >= 2 && raw[0] == '"' {
		return r.intern1(raw[1:len(raw)-1], hasBackslash(raw)), true
	}
	if isNull(raw) {
		return "", false
	}
	return string(raw), true
}

// Route returns the table a record belongs to: its Type column, else the
// table its ActionType belongs to (an unlisted ActionType: CloudAppEvents
// when the row names an Application, else DeviceEvents), else the only
// table requested. It returns "" when it cannot tell.
func (p *Plan) Route(r *Record) string {
	if t, ok := r.str(p.typeSlot); ok && t != "" {
		if tp, ok := p.tables[t]; ok {
			return tp.name
		}
		return t
	}
	if a, ok := r.str(p.actionSlot); ok && a != "" {
		if t, ok := actionTables[a]; ok {
			return t
		}
		if app, ok := r.str(p.appSlot); ok && app != "" {
			return cloudAppTable
		}
		return defaultActionTable
	}
	if len(p.tables) == 1 {
		for name := range p.tables {
			return name
		}
	}
	return ""
}
