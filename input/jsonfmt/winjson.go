package jsonfmt

import (
	"context"
	"strconv"
	"strings"

	"github.com/kqlhunt/kqlhunt/input"
	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/winevent"
)

func init() { input.Register(Windows{}) }

// WindowsName is the name of the Windows-event JSON format.
const WindowsName = "windows-json"

// Windows is Windows events rendered as JSON, one per line or one
// document: evtx_dump ({"Event":{"System":...,"EventData":...}}),
// Winlogbeat raw (winlog.event_data) and ECS (process.*, user.*, hash.*),
// and OTRF Security-Datasets flat lines (EventID, Channel and every data
// field at the top level).
type Windows struct{}

// Name implements input.Format.
func (Windows) Name() string { return WindowsName }

// Detect implements input.Format.
func (Windows) Detect(head []byte) bool {
	keys, ok := keysOf(head)
	if !ok || input.HasKey(keys, "Type") || input.HasKey(keys, "TimeGenerated") {
		return false
	}
	return input.HasKey(keys, "Event") || input.HasKey(keys, "winlog") ||
		(input.HasKey(keys, "EventID") && (input.HasKey(keys, "Channel") ||
			input.HasKey(keys, "SourceName")))
}

// Decode implements input.Format.
func (Windows) Decode(ctx context.Context, src *input.Source, out *input.Emitter) error {
	return decode(ctx, src, out, func(b *input.Batcher, _ *input.Record, v []byte, pos input.Pos) {
		var ev winevent.Event
		if err := WindowsEvent(v, &ev); err != nil {
			b.Fault(pos, "malformed JSON: "+err.Error())
			return
		}
		out.Event(&ev, pos)
	})
}

// obj is a JSON object's members in document order, raw.
type obj struct {
	keys []string
	vals [][]byte
}

func parseObj(raw []byte) (obj, error) {
	var o obj
	_, err := input.ObjectKeys(raw, 0, func(k, v []byte) bool {
		o.keys = append(o.keys, string(k))
		o.vals = append(o.vals, v)
		return true
	})
	return o, err
}

func (o obj) raw(name string) []byte {
	for i, k := range o.keys {
		if k == name {
			return o.vals[i]
		}
	}
	return nil
}

// path follows nested object keys.
func (o obj) path(names ...string) []byte {
	cur := o
	for i, n := range names {
		raw := cur.raw(n)
		if raw == nil || i == len(names)-1 {
			return raw
		}
		next, err := parseObj(raw)
		if err != nil {
			return nil
		}
		cur = next
	}
	return nil
}

// text renders a raw scalar as text: strings unescaped, null as "",
// evtx_dump's {"#text": x} as x, numbers as written.
func text(raw []byte) string {
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		return input.Unescape(raw)
	case 'n':
		return ""
	case '{':
		o, err := parseObj(raw)
		if err == nil {
			return text(o.raw("#text"))
		}
	}
	return string(raw)
}

func (o obj) text(names ...string) string { return text(o.path(names...)) }

func atoi(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return def
	}
	return n
}

// WindowsEvent decodes one Windows event rendered as JSON (any of the
// renderings Windows names) into ev.
func WindowsEvent(raw []byte, ev *winevent.Event) error {
	*ev = winevent.Event{Qualifiers: -1, Version: -1, Level: -1, Task: -1, Opcode: -1}
	o, err := parseObj(raw)
	if err != nil {
		return err
	}
	switch {
	case o.raw("Event") != nil:
		return evtxDump(o, ev)
	case o.raw("winlog") != nil:
		return winlogbeat(o, ev)
	}
	return flat(o, ev)
}

func evtxDump(o obj, ev *winevent.Event) error {
	e, err := parseObj(o.raw("Event"))
	if err != nil {
		return err
	}
	sys, _ := parseObj(e.raw("System"))
	ev.Provider = sys.text("Provider", "#attributes", "Name")
	ev.ProviderGUID = sys.text("Provider", "#attributes", "Guid")
	ev.EventID = atoi(sys.text("EventID"), 0)
	ev.Qualifiers = atoi(sys.text("EventID", "#attributes", "Qualifiers"), -1)
	ev.Version = atoi(sys.text("Version"), -1)
	ev.Level = atoi(sys.text("Level"), -1)
	ev.Task = atoi(sys.text("Task"), -1)
	ev.Opcode = atoi(sys.text("Opcode"), -1)
	ev.Keywords = sys.text("Keywords")
	if t, ok := mapping.ParseTime(sys.text("TimeCreated", "#attributes", "SystemTime")); ok {
		ev.TimeCreated = t
	}
	rid, _ := strconv.ParseUint(sys.text("EventRecordID"), 10, 64)
	ev.RecordID = rid
	ev.ProcessID = uint32(atoi(sys.text("Execution", "#attributes", "ProcessID"), 0))
	ev.ThreadID = uint32(atoi(sys.text("Execution", "#attributes", "ThreadID"), 0))
	ev.Channel = sys.text("Channel")
	ev.Computer = sys.text("Computer")
	ev.UserID = sys.text("Security", "#attributes", "UserID")
	data := e.raw("EventData")
	if data == nil {
		data = e.raw("UserData")
		ev.UserData = data != nil
	}
	if len(data) > 0 && data[0] == '{' {
		d, err := parseObj(data)
		if err != nil {
			return err
		}
		for i, k := range d.keys {
			if k == "#attributes" {
				continue
			}
			ev.Data = append(ev.Data, winevent.Field{Name: k, Value: text(d.vals[i])})
		}
	}
	return nil
}

// otrfMeta are OTRF/nxlog envelope keys that are not event data.
var otrfMeta = map[string]bool{
	"@timestamp": true, "@version": true, "Message": true, "Hostname": true, "EventID": true,
	"Channel": true, "SourceName": true, "ProviderGuid": true, "Level": true, "Task": true,
	"Keywords": true, "TimeCreated": true, "RecordNumber": true, "EventRecordID": true,
	"ExecutionProcessID": true, "ExecutionThreadID": true, "host": true, "port": true,
	"tags": true, "Opcode": true, "OpcodeValue": true, "Severity": true, "SeverityValue": true,
	"EventType": true, "SourceModuleName": true, "SourceModuleType": true,
	"EventReceivedTime": true, "Version": true,
}

func flat(o obj, ev *winevent.Event) error {
	ev.Provider = o.text("SourceName")
	ev.ProviderGUID = o.text("ProviderGuid")
	ev.EventID = atoi(o.text("EventID"), 0)
	ev.Channel = o.text("Channel")
	ev.Computer = o.text("Hostname")
	ev.Level = atoi(o.text("Level"), -1)
	ev.Task = atoi(o.text("Task"), -1)
	ev.Keywords = o.text("Keywords")
	ev.Version = atoi(o.text("Version"), -1)
	rid, _ := strconv.ParseUint(o.text("RecordNumber"), 10, 64)
	ev.RecordID = rid
	ts := o.text("TimeCreated")
	if ts == "" {
		ts = o.text("@timestamp")
	}
	if t, ok := mapping.ParseTime(ts); ok {
		ev.TimeCreated = t
	}
	for i, k := range o.keys {
		if !otrfMeta[k] {
			ev.Data = append(ev.Data, winevent.Field{Name: k, Value: text(o.vals[i])})
		}
	}
	return nil
}
