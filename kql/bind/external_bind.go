package bind

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"

	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/value"
)

// ErrNotFetched is what an Options.ReadFile returns for a URL it will not
// fetch (kqlhunt reads local files only): the externaldata table is then
// empty, with a warning, rather than the query failing to compile.
var ErrNotFetched = errors.New("remote externaldata is not fetched")

// externalData binds externaldata: the files are read at bind time through
// Options.ReadFile (none given: externaldata is refused) and become a
// literal source. Formats: csv (default), tsv, txt (one line a row),
// json/multijson (one object a line, columns by name).
func (b *binder) externalData(e *syntax.ExternalData, sc *scope) *Tabular {
	p := pos(e)
	cols := make([]Column, len(e.Columns))
	for i, c := range e.Columns {
		t, ok := value.ParseType(c.Type)
		if !ok {
			b.errorf(pos(c), msgBadLiteral("type", c.Type))
		}
		cols[i] = Column{Name: c.Name.Name, Type: t}
	}
	if b.opts.ReadFile == nil {
		b.errorf(p, msgUnsupported("externaldata without a file reader"))
		return &Tabular{Source: &Literal{}, Columns: cols}
	}
	format, _ := paramValue(e.With, "format")
	skip, _ := paramValue(e.With, "ignoreFirstRecord")
	var rows [][]value.Value
	for _, u := range e.URLs {
		c, ok := b.scalar(u, &env{sc: sc}).(*Const)
		if !ok {
			b.errorf(pos(u), msgNotConstant())
			continue
		}
		data, err := b.opts.ReadFile(c.V.Text())
		if errors.Is(err, ErrNotFetched) {
			// As the analyzer does, the query binds: the table is empty.
			b.warnf(pos(u), msgNotFetched(c.V.Text()))
			continue
		}
		if err != nil {
			b.errorf(pos(u), msgFuncError("externaldata", err))
			continue
		}
		recs, err := records(data, strings.ToLower(format), cols)
		if err != nil {
			b.errorf(pos(u), msgFuncError("externaldata", err))
			continue
		}
		if skip == "true" && len(recs) > 0 {
			recs = recs[1:]
		}
		rows = append(rows, recs...)
	}
	return &Tabular{Source: &Literal{Columns: cols, Rows: rows}, Columns: cols}
}

// records splits file data into typed rows.
func records(data []byte, format string, cols []Column) ([][]value.Value, error) {
	var out [][]value.Value
	conv := func(fields []string) []value.Value {
		row := make([]value.Value, len(cols))
		for i, c := range cols {
			row[i] = value.Null(c.Type)
			if i < len(fields) {
				row[i] = builtin.ConvertTo(value.NewString(fields[i]), c.Type)
			}
		}
		return row
	}
	switch format {
	case "txt", "raw":
		for _, line := range strings.Split(strings.TrimRight(string(data), "\r\n"), "\n") {
			out = append(out, conv([]string{strings.TrimRight(line, "\r")}))
		}
		return out, nil
	case "json", "multijson":
		for _, line := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			var obj map[string]json.RawMessage
			if err := json.Unmarshal(line, &obj); err != nil {
				return nil, err
			}
			fields := make([]string, len(cols))
			for i, c := range cols {
				raw := obj[c.Name]
				var s string
				if json.Unmarshal(raw, &s) != nil {
					s = string(raw)
				}
				fields[i] = s
			}
			out = append(out, conv(fields))
		}
		return out, nil
	}
	r := csv.NewReader(bytes.NewReader(data))
	if format == "tsv" {
		r.Comma = '\t'
	}
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		out = append(out, conv(rec))
	}
	return out, nil
}
