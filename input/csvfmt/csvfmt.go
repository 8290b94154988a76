// Package csvfmt decodes CSV exports of table rows: the Defender portal's
// advanced-hunting export (ISO timestamps) and the Log Analytics /
// Sentinel portal's "Export to CSV" (datetime headers suffixed " [UTC]",
// US-style values such as "3/14/2025, 9:26:53.446 AM"). Quoting follows
// RFC 4180, with newlines inside quoted fields; columns are matched by
// name, in any order. Blocks of whole records are decoded on two
// goroutines (split.go).
package csvfmt

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/kqlhunt/kqlhunt/input"
	"github.com/kqlhunt/kqlhunt/schema"
)

func init() { input.Register(Format{}) }

// Name is the format's name.
const Name = "csv"

// Format is the CSV export format.
type Format struct{}

// Name implements input.Format.
func (Format) Name() string { return Name }

var (
	knownOnce sync.Once
	known     map[string]bool
)

// knownColumn reports whether name is a column of a built-in table.
func knownColumn(name string) bool {
	knownOnce.Do(func() {
		known = map[string]bool{}
		for _, t := range schema.Builtin().Tables() {
			for _, c := range t.Columns {
				known[c.Name] = true
			}
		}
	})
	name = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(name), " [UTC]"))
	return known[name]
}

// Detect implements input.Format: a header line naming table columns.
func (Format) Detect(head []byte) bool {
	i := input.SkipSpace(head, 0)
	if i >= len(head) || head[i] == '{' || head[i] == '[' || head[i] == '<' {
		return false
	}
	line := head[i:]
	if nl := bytes.IndexByte(line, '\n'); nl >= 0 {
		line = line[:nl]
	}
	r := csv.NewReader(bytes.NewReader(line))
	header, err := r.Read()
	if err != nil || len(header) < 2 {
		return false
	}
	n := 0
	for _, h := range header {
		if knownColumn(h) {
			n++
		}
	}
	return n >= 2 && 2*n >= len(header)
}

// Decode implements input.Format. Blocks of whole records are decoded
// on two goroutines (see split.go); from the first quote the splitter
// cannot vouch for, the rest is read in order, as one reader would.
func (Format) Decode(ctx context.Context, src *input.Source, out *input.Emitter) error {
	rc, err := src.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return decode(ctx, rc, out)
}

// table is the header's mapping of fields to the plan's slots.
type table struct {
	header []string
	slots  []int
}

func newTable(header []string, plan *input.Plan) *table {
	t := &table{header: append([]string(nil), header...), slots: make([]int, len(header))}
	for i, h := range header {
		t.slots[i] = plan.SlotName(h)
	}
	return t
}

// readSeq reads records from r one after the other. With t nil, the first
// record is the header. Lines and records are numbered from line0+1 and
// rec0+1.
func readSeq(ctx context.Context, r io.Reader, t *table, line0, rec0 int64,
	out *input.Emitter) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	if t == nil {
		header, err := cr.Read()
		if err != nil {
			return fmt.Errorf("reading the CSV header: %w", err)
		}
		t = newTable(header, out.Plan())
	}
	b, rec := out.NewBatcher(), out.Plan().NewRecord()
	defer b.Flush()
	return t.records(ctx, cr, b, rec, line0, rec0)
}

// records reads cr to its end into b, reporting parse errors as faults.
func (t *table) records(ctx context.Context, cr *csv.Reader, b *input.Batcher,
	rec *input.Record, line0, rec0 int64) error {
	for n := int64(1); ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		fields, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		pos := input.Pos{Record: rec0 + n}
		if err == nil && len(fields) > 0 {
			line, _ := cr.FieldPos(0)
			pos.Line = line0 + int64(line)
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				pos.Line = line0 + int64(pe.StartLine)
				b.Fault(pos, "malformed CSV: "+pe.Err.Error())
				continue
			}
			return err
		}
		if len(fields) != len(t.header) {
			b.Fault(pos, fmt.Sprintf("row has %d fields, the header %d", len(fields),
				len(t.header)))
			continue
		}
		rec.Reset(false)
		for i, f := range fields {
			if t.slots[i] >= 0 {
				rec.SetText(t.slots[i], f)
			}
		}
		b.Record(rec, "", pos)
	}
}
