// Package decode turns live messages, a line of a followed file or a
// Kafka message, into narrow table rows: each requested table's columns in
// the requested order, nothing else parsed.
//
// A JSON object is one row: of the table its "Type" field names, else of
// the default table (an object with none of its requested columns is not
// taken for one: it goes to the fallback, as a Windows event rendering).
// A Streaming API batch, {"records":[...]} whose records carry "category": "AdvancedHunting-<Table>" and the row in
// "properties", yields one row per record. A JSON array yields one row per
// element. Anything else goes to the Fallback decoder (event XML and the
// other Windows renderings, through package input once it is wired in).
package decode

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// Emit receives one decoded row of a table. The row is the caller's.
type Emit func(table string, row []value.Value)

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
	layouts      map[string]*layout
	defaultTable string
	// Fallback decodes messages that are not JSON rows (nil: none).
	Fallback MessageDecoder
}

// layout is one table's requested columns and their index by name.
type layout struct {
	name  string
	cols  []schema.Column
	index map[string]int
}

// New returns a decoder filling, for each table, exactly the given columns
// in order. A JSON row that names no table belongs to defaultTable.
func New(tables map[string][]schema.Column, defaultTable string) *Decoder {
	d := &Decoder{layouts: map[string]*layout{}, defaultTable: defaultTable}
	for name, cols := range tables {
		l := &layout{name: name, cols: cols, index: make(map[string]int, len(cols))}
		for i, c := range cols {
			l.index[c.Name] = i
		}
		d.layouts[name] = l
	}
	return d
}

// Decode decodes one message and returns how many rows it emitted. Rows of
// tables nobody asked for are skipped (not counted, not an error).
func (d *Decoder) Decode(msg []byte, emit Emit) (int, error) {
	i := skipSpace(msg, 0)
	if i < len(msg) && msg[i] == '{' {
		return d.object(msg[i:], emit)
	}
	if i < len(msg) && msg[i] == '[' {
		n := 0
		err := elements(msg, i, func(el []byte) error {
			k, err := d.object(el, emit)
			n += k
			return err
		})
		return n, err
	}
	return d.fallback(msg, emit)
}

// fallback hands a message the JSON path does not take to Fallback.
func (d *Decoder) fallback(msg []byte, emit Emit) (int, error) {
	if d.Fallback != nil {
		n := 0
		ok, err := d.Fallback.Decode(msg, func(t string, row []value.Value) {
			n++
			emit(t, row)
		})
		if ok {
			return n, err
		}
	}
	return 0, ErrUnknown
}

// member is one key and raw value of an object.
type member struct {
	key, val []byte
}

// object decodes a JSON row or a Streaming API batch. A plain row (the
// common case) is decoded in one pass into the default table's layout.
func (d *Decoder) object(b []byte, emit Emit) (int, error) {
	if l := d.layouts[d.defaultTable]; l != nil {
		row := make([]value.Value, len(l.cols))
		plain, matched := true, 0
		_, err := members(b, 0, func(k, v []byte) bool {
			switch string(k) {
			case "records", "category", "Type":
				plain = false
				return false
			}
			if i, ok := l.index[string(k)]; ok {
				row[i] = convert(v, l.cols[i].Type)
				matched++
			}
			return true
		})
		if err != nil {
			return 0, err
		}
		if plain && matched == 0 {
			// Not a row of ours: a Windows event rendering, perhaps.
			return d.fallback(b, emit)
		}
		if plain {
			fillNulls(row, l.cols)
			emit(l.name, row)
			return 1, nil
		}
	}
	return d.general(b, emit)
}

// general decodes an object that names its table or holds a batch.
func (d *Decoder) general(b []byte, emit Emit) (int, error) {
	var ms []member
	var records, category, props, typ []byte
	_, err := members(b, 0, func(k, v []byte) bool {
		switch string(k) {
		case "records":
			records = v
		case "category":
			category = v
		case "properties":
			props = v
		case "Type":
			typ = v
		}
		ms = append(ms, member{key: k, val: v})
		return true
	})
	if err != nil {
		return 0, err
	}
	if records != nil && records[0] == '[' {
		n := 0
		err := elements(records, 0, func(el []byte) error {
			k, err := d.object(el, emit)
			n += k
			return err
		})
		return n, err
	}
	table := d.defaultTable
	if category != nil && props != nil {
		c, err := str(category)
		if err != nil {
			return 0, err
		}
		table = strings.TrimPrefix(c, streamingPrefix)
		ms = ms[:0]
		if _, err := members(props, 0, func(k, v []byte) bool {
			ms = append(ms, member{key: k, val: v})
			return true
		}); err != nil {
			return 0, err
		}
	} else if typ != nil {
		if t, err := str(typ); err == nil && t != "" {
			table = t
		}
	}
	l := d.layouts[table]
	if l == nil {
		return 0, nil
	}
	row := make([]value.Value, len(l.cols))
	for _, m := range ms {
		if i, ok := l.index[string(m.key)]; ok {
			row[i] = convert(m.val, l.cols[i].Type)
		}
	}
	fillNulls(row, l.cols)
	emit(table, row)
	return 1, nil
}

// fillNulls sets the columns the input lacked to their type's null.
func fillNulls(row []value.Value, cols []schema.Column) {
	for i := range row {
		if !row[i].Valid() {
			row[i] = value.Null(cols[i].Type)
		}
	}
}

// convert reads a raw JSON value as a column of type t; what does not
// convert becomes t's null.
func convert(raw []byte, t value.Type) value.Value {
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return value.Null(t)
	}
	text := string(raw)
	if raw[0] == '"' {
		s, err := str(raw)
		if err != nil {
			return value.Null(t)
		}
		text = s
	}
	switch t {
	case value.String:
		return value.NewString(text)
	case value.Long, value.Int:
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			f, ferr := strconv.ParseFloat(text, 64)
			if ferr != nil {
				return value.Null(t)
			}
			n = int64(f)
		}
		if t == value.Int {
			return value.NewInt(int32(n))
		}
		return value.NewLong(n)
	case value.Real:
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return value.Null(t)
		}
		return value.NewReal(f)
	case value.Bool:
		switch strings.ToLower(text) {
		case "true", "1":
			return value.NewBool(true)
		case "false", "0":
			return value.NewBool(false)
		}
	case value.DateTime:
		if tm, ok := ParseTime(text); ok {
			return value.NewDateTime(tm)
		}
	case value.Guid:
		if g, ok := value.ParseGuid(text); ok {
			return value.NewGuid(g)
		}
	case value.Decimal:
		return value.NewDecimal(text)
	case value.Dynamic:
		src := raw
		if raw[0] == '"' {
			// Exports often carry dynamic columns as JSON text.
			src = []byte(text)
		}
		if v, err := value.ParseJSONBytes(src); err == nil {
			return v
		}
		return value.ToDynamic(value.NewString(text))
	}
	return value.Null(t)
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
