package jsonfmt

import (
	"encoding/xml"
	"strings"

	"github.com/kqlhunt/kqlhunt/input"
	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/winevent"
)

// windowsTables are Sentinel tables whose rows are Windows events.
var windowsTables = map[string]bool{"SecurityEvent": true, "Event": true}

// asEvent handles a SecurityEvent or Event row whose table was not
// requested: when the event it describes maps to a requested table (a
// 4688 to DeviceProcessEvents), it is decoded as a Windows event. It
// reports whether it took the row.
func asEvent(b *input.Batcher, v []byte, table string, pos input.Pos) bool {
	plan := b.Emitter().Plan()
	if !windowsTables[table] || plan.Wants(table) {
		return false
	}
	var ev winevent.Event
	if err := sentinelRow(v, &ev); err != nil {
		return false
	}
	for _, t := range mapping.TablesOf(&ev) {
		if plan.Wants(t) {
			b.Emitter().Event(&ev, pos)
			return true
		}
	}
	return false
}

// sentinelRow reads a SecurityEvent or Event row as the event it holds.
func sentinelRow(v []byte, ev *winevent.Event) error {
	*ev = winevent.Event{Qualifiers: -1, Version: -1, Level: -1, Task: -1, Opcode: -1}
	o, err := parseObj(v)
	if err != nil {
		return err
	}
	ev.Computer = o.text("Computer")
	ev.EventID = atoi(o.text("EventID"), 0)
	ev.Channel = o.text("Channel")
	if ev.Channel == "" {
		ev.Channel = o.text("EventLog")
	}
	ev.Provider = o.text("EventSourceName")
	if ev.Provider == "" {
		ev.Provider = o.text("Source")
	}
	ev.Task = atoi(o.text("Task"), -1)
	if t, ok := mapping.ParseTime(o.text("TimeGenerated")); ok {
		ev.TimeCreated = t
	}
	if o.text("Type") == "Event" {
		ev.Data = eventDataFields(o.text("EventData"))
		return nil
	}
	for i, k := range o.keys {
		ev.Data = append(ev.Data, winevent.Field{Name: k, Value: text(o.vals[i])})
	}
	return nil
}

// eventDataFields reads the Data elements of Sentinel's EventData XML.
func eventDataFields(s string) []winevent.Field {
	d := xml.NewDecoder(strings.NewReader(s))
	var out []winevent.Field
	name, in := "", false
	var sb strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "Data" {
				name, in = "", true
				sb.Reset()
				for _, a := range t.Attr {
					if a.Name.Local == "Name" {
						name = a.Value
					}
				}
			}
		case xml.CharData:
			if in {
				sb.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "Data" && in {
				out = append(out, winevent.Field{Name: name, Value: sb.String()})
				in = false
			}
		}
	}
}
