// Package decode turns live messages, a line of a followed file or a
// Kafka message, into narrow table rows: each requested table's columns in
// the requested order, nothing else parsed. JSON is read with package
// input's plan and scanner (input.Plan, input.Record), as hunt reads JSON
// rows.
//
// A JSON object is one row: of the table its "Type" field names, else of
// the default table (an object with none of its requested columns is not
// taken for one: it goes to the fallback, as a Windows event rendering).
// A Streaming API batch, {"records":[...]} whose records carry
// "category": "AdvancedHunting-<Table>" and the row in "properties",
// yields one row per record. A JSON array yields one row per element.
// Anything else goes to the Fallback decoder: Events decodes event XML
// and the other Windows renderings through package input.
package decode

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/kqlhunt/kqlhunt/input"
	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// Emit receives one decoded row of a table, and for a DeviceProcessEvents
// row made from a Sysmon 1 or Security 4688 event, its origin (nil for
// other rows), which merging the two rows of one process needs. The row
// and the origin are the caller's.
type Emit func(table string, row []value.Value, origin *mapping.Origin)

// MessageDecoder decodes messages the JSON path does not recognise. It
// returns false when the message is not in its format either.
type MessageDecoder interface {
	Decode(msg []byte, emit Emit) (bool, error)
}

// ErrUnknown is returned for a message no decoder recognises.
var ErrUnknown = errors.New("unrecognised message format")

// streamingPrefix starts the category of a Defender Streaming API record.
const streamingPrefix = "AdvancedHunting-"

// Decoder decodes messages into rows of the requested tables. It is safe
// for concurrent use.
type Decoder struct {
	plan         *input.Plan
	tables       map[string][]schema.Column
	defaultTable string
	defaultSlots []int // slots of the default table's columns (nil: not requested)
	typeSlot     int
	free         chan *input.Record // records kept for reuse across messages

	// Fallback decodes messages that are not JSON rows (nil: none). A
	// Fallback that is a TableBinder is bound to the decoder's tables.
	Fallback MessageDecoder

	bindOnce sync.Once
	bound    MessageDecoder
}

// New returns a decoder filling, for each table, exactly the given columns
// in order. A JSON row that names no table belongs to defaultTable.
func New(tables map[string][]schema.Column, defaultTable string) *Decoder {
	p := input.NewPlan(tables)
	d := &Decoder{plan: p, tables: tables, defaultTable: defaultTable,
		typeSlot: p.Slot([]byte("Type")), free: make(chan *input.Record, 16)}
	if cols, ok := tables[defaultTable]; ok {
		d.defaultSlots = make([]int, len(cols))
		for i, c := range cols {
			d.defaultSlots[i] = p.Slot([]byte(c.Name))
		}
	}
	return d
}

// record takes a record for one message from the free list.
func (d *Decoder) record() *input.Record {
	select {
	case r := <-d.free:
		return r
	default:
		return d.plan.NewRecord()
	}
}

// release returns a record to the free list, holding no message bytes.
func (d *Decoder) release(r *input.Record) {
	r.Reset(true)
	select {
	case d.free <- r:
	default:
	}
}

// utf8BOM is the UTF-8 byte-order mark, which some tools write at the
// start of a file and so of its first line.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Decode decodes one message and returns how many rows it emitted. Rows of
// tables nobody asked for are skipped (not counted, not an error). A
// leading UTF-8 byte-order mark is ignored.
func (d *Decoder) Decode(msg []byte, emit Emit) (int, error) {
	msg = bytes.TrimPrefix(msg, utf8BOM)
	i := input.SkipSpace(msg, 0)
	if i >= len(msg) || (msg[i] != '{' && msg[i] != '[') {
		return d.fallback(msg, emit)
	}
	rec := d.record()
	defer d.release(rec)
	if msg[i] == '{' {
		return d.object(rec, msg[i:], emit)
	}
	n := 0
	err := elements(msg[i:], func(el []byte) error {
		k, err := d.object(rec, el, emit)
		n += k
		return err
	})
	return n, err
}

// fallback hands a message the JSON path does not take to Fallback.
func (d *Decoder) fallback(msg []byte, emit Emit) (int, error) {
	d.bindOnce.Do(func() {
		d.bound = d.Fallback
		if b, ok := d.Fallback.(TableBinder); ok {
			d.bound = b.ForTables(d.tables)
		}
	})
	if d.bound != nil {
		n := 0
		ok, err := d.bound.Decode(msg, func(t string, row []value.Value, o *mapping.Origin) {
			n++
			emit(t, row, o)
		})
		if ok {
			return n, err
		}
	}
	return 0, ErrUnknown
}

// object decodes a JSON row or a Streaming API batch or record.
func (d *Decoder) object(rec *input.Record, b []byte, emit Emit) (int, error) {
	rec.Reset(true)
	if _, err := d.plan.ScanObject(b, 0, rec); err != nil {
		return 0, err
	}
	if rec.Has(d.typeSlot) {
		t, _ := rec.Text(d.typeSlot)
		if t == "" {
			t = d.defaultTable
		}
		return d.row(rec, t, emit), nil
	}
	if d.defaultRow(rec) {
		return d.row(rec, d.defaultTable, emit), nil
	}
	var records, category, props []byte
	if _, err := input.ObjectKeys(b, 0, func(k, v []byte) bool {
		switch string(k) {
		case "records":
			records = v
		case "category":
			category = v
		case "properties":
			props = v
		}
		return true
	}); err != nil {
		return 0, err
	}
	switch {
	case len(records) > 0 && records[0] == '[':
		n := 0
		err := elements(records, func(el []byte) error {
			k, err := d.object(rec, el, emit)
			n += k
			return err
		})
		return n, err
	case category != nil && props != nil:
		if category[0] != '"' {
			return 0, errors.New("streaming record category is not a string")
		}
		table := strings.TrimPrefix(input.Unescape(category), streamingPrefix)
		rec.Reset(true)
		if _, err := d.plan.ScanObject(props, 0, rec); err != nil {
			return 0, err
		}
		return d.row(rec, table, emit), nil
	case d.defaultSlots == nil:
		// No default table: an untyped row is nobody's.
		return 0, nil
	}
	// Not a row of ours: a Windows event rendering, perhaps.
	return d.fallback(b, emit)
}

// defaultRow reports whether the record has a column of the default table.
func (d *Decoder) defaultRow(rec *input.Record) bool {
	for _, s := range d.defaultSlots {
		if rec.Has(s) {
			return true
		}
	}
	return false
}

// row emits the record as a row of table, when that table was requested.
func (d *Decoder) row(rec *input.Record, table string, emit Emit) int {
	if !d.plan.Wants(table) {
		return 0
	}
	emit(table, d.plan.BuildLoose(rec, table), nil)
	return 1
}

// elements calls fn with each raw element of the JSON array b.
func elements(b []byte, fn func(val []byte) error) error {
	i := input.SkipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return errors.New("want a JSON array")
	}
	i = input.SkipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return nil
	}
	for {
		end, err := input.SkipValue(b, i)
		if err != nil {
			return err
		}
		if err := fn(b[i:end]); err != nil {
			return err
		}
		i = input.SkipSpace(b, end)
		switch {
		case i >= len(b):
			return errors.New("unexpected end of array")
		case b[i] == ']':
			return nil
		case b[i] != ',':
			return errors.New("want ',' or ']' in array")
		}
		i = input.SkipSpace(b, i+1)
	}
}

// timeLayouts are the datetime renderings accepted, most common first.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
}

// ParseTime reads an ISO 8601 datetime as Defender and Sentinel write it;
// a time without zone is UTC.
func ParseTime(s string) (time.Time, bool) {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
