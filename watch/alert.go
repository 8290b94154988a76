package watch

import (
	"time"

	"github.com/kqlhunt/kqlhunt/output"
	"github.com/kqlhunt/kqlhunt/value"
	"github.com/kqlhunt/kqlhunt/watch/detect"
	"github.com/kqlhunt/kqlhunt/watch/sink"
)

// render writes an alert as one JSON object:
//
//	{"time":..., "rule":{id,name,severity,tactics,techniques}, "mode":...,
//	 "stream":..., "windowStart":..., "windowEnd":..., "count":N,
//	 "rows":[{column: value, ...}, ...]}
//
// A realtime alert holds "row" (the one matching row) instead of "rows".
func render(a *detect.Alert) sink.Alert {
	b := make([]byte, 0, 512)
	b = append(b, `{"time":`...)
	b = appendTime(b, a.Time)
	b = append(b, `,"rule":`...)
	b = output.RuleJSON(b, a.Rule.Rule)
	b = append(b, `,"mode":`...)
	b = value.AppendJSONString(b, a.Rule.Mode)
	b = append(b, `,"stream":`...)
	b = value.AppendJSONString(b, a.Stream)
	if a.Rule.Mode == detect.ModeRealtime {
		b = append(b, `,"row":`...)
		b = appendRow(b, a, a.Rows[0])
		return sink.Alert{Key: []byte(a.Rule.Rule.ID), JSON: append(b, '}')}
	}
	b = append(b, `,"windowStart":`...)
	b = appendTime(b, a.From)
	b = append(b, `,"windowEnd":`...)
	b = appendTime(b, a.To)
	b = append(b, `,"count":`...)
	b = value.NewLong(int64(len(a.Rows))).AppendJSON(b)
	b = append(b, `,"rows":[`...)
	for i, row := range a.Rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendRow(b, a, row)
	}
	b = append(b, "]}"...)
	return sink.Alert{Key: []byte(a.Rule.Rule.ID), JSON: b}
}

func appendTime(b []byte, t time.Time) []byte {
	return value.NewDateTime(t).AppendJSON(b)
}

func appendRow(b []byte, a *detect.Alert, row []value.Value) []byte {
	b = append(b, '{')
	for i, c := range a.Columns {
		if i > 0 {
			b = append(b, ',')
		}
		b = value.AppendJSONString(b, c.Name)
		b = append(b, ':')
		if i < len(row) {
			b = row[i].AppendJSON(b)
		} else {
			b = append(b, "null"...)
		}
	}
	return append(b, '}')
}
