// Package jsonfmt decodes Defender and Sentinel JSON exports of table
// rows: JSON lines (or a JSON array) of advanced-hunting rows, the
// advanced-hunting API responses (Schema/Results, Graph schema/results),
// the Log Analytics query API response (tables/columns/rows) and Defender
// Streaming API records ({"records":[...]} messages or one record a line).
//
// JSON lines take the fast path: blocks of lines are decoded on all cores
// by a scanner that keeps only the raw text of needed fields.
package jsonfmt

import (
	"context"
	"strings"

	"github.com/kqlhunt/kqlhunt/input"
)

func init() {
	input.Register(Rows{})
	input.Register(API{})
	input.Register(Stream{})
}

// Names of the formats.
const (
	RowsName   = "json-rows"
	APIName    = "hunting-api"
	StreamName = "mde-streaming"
)

// windowsKeys mark JSON renderings of Windows events (package winjson).
var windowsKeys = []string{"Event", "winlog", "EventID", "EventId", "event_id"}

// rowKeys mark a table row.
var rowKeys = []string{"Timestamp", "TimeGenerated", "DeviceName", "ActionType", "Type",
	"DeviceId", "ReportId"}

func keysOf(head []byte) ([]string, bool) { return input.FirstObjectKeys(head) }

// Rows is JSON lines of advanced-hunting rows, or a JSON array of them.
type Rows struct{}

// Name implements input.Format.
func (Rows) Name() string { return RowsName }

// Detect implements input.Format: a row object carrying table columns.
func (Rows) Detect(head []byte) bool {
	keys, ok := keysOf(head)
	if !ok || isAPI(keys) || isStream(keys) {
		return false
	}
	hasRow := false
	for _, k := range rowKeys {
		hasRow = hasRow || input.HasKey(keys, k)
	}
	if !hasRow {
		return false
	}
	// A Sentinel SecurityEvent/Event row has EventID and Type: a row.
	if input.HasKey(keys, "Type") || input.HasKey(keys, "TimeGenerated") {
		return true
	}
	for _, k := range windowsKeys {
		if input.HasKey(keys, k) {
			return false
		}
	}
	return true
}

// Decode implements input.Format.
func (Rows) Decode(ctx context.Context, src *input.Source, out *input.Emitter) error {
	plan := out.Plan()
	return decode(ctx, src, out, func(b *input.Batcher, rec *input.Record, v []byte, pos input.Pos) {
		rowObject(plan, b, rec, v, pos, "")
	})
}

// rowObject decodes one row object (or, inside an array, each element).
func rowObject(plan *input.Plan, b *input.Batcher, rec *input.Record, v []byte,
	pos input.Pos, table string) {
	rec.Reset(true)
	end, err := plan.ScanObject(v, 0, rec)
	if err == nil && input.SkipSpace(v, end) != len(v) {
		err = errTrailing
	}
	if err != nil {
		b.Fault(pos, "malformed JSON: "+err.Error())
		return
	}
	if table == "" {
		table = plan.Route(rec)
		if asEvent(b, v, table, pos) {
			return
		}
	}
	b.Record(rec, table, pos)
}

// API is the advanced-hunting and Log Analytics query API responses.
type API struct{}

// Name implements input.Format.
func (API) Name() string { return APIName }

// Detect implements input.Format.
func (API) Detect(head []byte) bool {
	keys, ok := keysOf(head)
	return ok && isAPI(keys)
}

func isAPI(keys []string) bool {
	return input.HasKey(keys, "results") || input.HasKey(keys, "tables") ||
		(input.HasKey(keys, "schema") && !input.HasKey(keys, "Timestamp"))
}

// Decode implements input.Format.
func (API) Decode(ctx context.Context, src *input.Source, out *input.Emitter) error {
	return decodeDocument(ctx, src, out, apiDocument)
}

// Stream is Defender Streaming API records.
type Stream struct{}

// Name implements input.Format.
func (Stream) Name() string { return StreamName }

// Detect implements input.Format.
func (Stream) Detect(head []byte) bool {
	keys, ok := keysOf(head)
	return ok && isStream(keys)
}

func isStream(keys []string) bool {
	return input.HasKey(keys, "records") ||
		(input.HasKey(keys, "category") && input.HasKey(keys, "properties"))
}

// Decode implements input.Format.
func (Stream) Decode(ctx context.Context, src *input.Source, out *input.Emitter) error {
	plan := out.Plan()
	return decode(ctx, src, out, func(b *input.Batcher, rec *input.Record, v []byte, pos input.Pos) {
		streamValue(plan, b, rec, v, pos)
	})
}

// streamTable returns the table a Streaming API category names.
func streamTable(category string) string {
	return strings.TrimPrefix(category, "AdvancedHunting-")
}
