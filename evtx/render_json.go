package evtx

import (
	"io"
	"strconv"
	"time"

	"github.com/kqlhunt/kqlhunt/value"
	"github.com/kqlhunt/kqlhunt/winevent"
)

// WriteJSON writes a record as one line of JSON: the record header fields
// and the Event, whose data pairs stay an ordered list of {Name, Value}.
func WriteJSON(w io.Writer, rec *Record) error {
	_, err := w.Write(AppendJSON(nil, rec))
	return err
}

// AppendJSON appends the JSON line WriteJSON writes.
func AppendJSON(dst []byte, rec *Record) []byte {
	ev := rec.Event
	if ev == nil {
		ev = &winevent.Event{}
	}
	dst = append(dst, `{"RecordID":`...)
	dst = strconv.AppendUint(dst, rec.RecordID, 10)
	dst = append(dst, `,"Chunk":`...)
	dst = strconv.AppendInt(dst, int64(rec.Chunk), 10)
	dst = jsonKey(dst, "Written")
	dst = jsonTime(dst, rec.Written)
	if rec.Flags != 0 {
		dst = jsonKey(dst, "Flags")
		dst = value.AppendJSONString(dst, rec.Flags.String())
	}
	dst = jsonKey(dst, "Provider")
	dst = value.AppendJSONString(dst, ev.Provider)
	dst = jsonKey(dst, "ProviderGUID")
	dst = value.AppendJSONString(dst, ev.ProviderGUID)
	for _, kv := range [...]struct {
		k string
		v int
	}{{"EventID", ev.EventID}, {"Qualifiers", ev.Qualifiers}, {"Version", ev.Version},
		{"Level", ev.Level}, {"Task", ev.Task}, {"Opcode", ev.Opcode}} {
		dst = jsonKey(dst, kv.k)
		dst = strconv.AppendInt(dst, int64(kv.v), 10)
	}
	dst = jsonKey(dst, "Keywords")
	dst = value.AppendJSONString(dst, ev.Keywords)
	dst = jsonKey(dst, "TimeCreated")
	dst = jsonTime(dst, ev.TimeCreated)
	dst = jsonKey(dst, "EventRecordID")
	dst = strconv.AppendUint(dst, ev.RecordID, 10)
	dst = jsonKey(dst, "ActivityID")
	dst = value.AppendJSONString(dst, ev.ActivityID)
	dst = jsonKey(dst, "ProcessID")
	dst = strconv.AppendUint(dst, uint64(ev.ProcessID), 10)
	dst = jsonKey(dst, "ThreadID")
	dst = strconv.AppendUint(dst, uint64(ev.ThreadID), 10)
	for _, kv := range [...][2]string{{"Channel", ev.Channel}, {"Computer", ev.Computer},
		{"UserID", ev.UserID}} {
		dst = jsonKey(dst, kv[0])
		dst = value.AppendJSONString(dst, kv[1])
	}
	dst = jsonKey(dst, "UserData")
	dst = strconv.AppendBool(dst, ev.UserData)
	dst = append(dst, `,"Data":[`...)
	for i, f := range ev.Data {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"Name":`...)
		dst = value.AppendJSONString(dst, f.Name)
		dst = append(dst, `,"Value":`...)
		dst = value.AppendJSONString(dst, f.Value)
		dst = append(dst, '}')
	}
	return append(dst, "]}\n"...)
}

func jsonKey(dst []byte, k string) []byte {
	dst = append(dst, ',', '"')
	dst = append(dst, k...)
	return append(dst, '"', ':')
}

func jsonTime(dst []byte, t time.Time) []byte {
	dst = append(dst, '"')
	dst = appendTime(dst, t)
	return append(dst, '"')
}

const eventNS = "http://schemas.microsoft.com/win/2004/08/events/event"

// eventXML rebuilds XML from the Event alone (when Record.XML is empty).
func eventXML(dst []byte, rec *Record) []byte {
	ev := rec.Event
	if ev == nil {
		return dst
	}
	esc := func(s string) { dst = appendEscaped(dst, []byte(s), true) }
	dst = append(dst, `<Event xmlns="`+eventNS+`">`+"\n"...)
	dst = append(dst, "  <System>\n    <Provider Name=\""...)
	esc(ev.Provider)
	dst = append(dst, "\"/>\n    <EventID>"...)
	dst = strconv.AppendInt(dst, int64(ev.EventID), 10)
	dst = append(dst, "</EventID>\n    <TimeCreated SystemTime=\""...)
	dst = appendTime(dst, ev.TimeCreated)
	dst = append(dst, "\"/>\n    <EventRecordID>"...)
	dst = strconv.AppendUint(dst, ev.RecordID, 10)
	dst = append(dst, "</EventRecordID>\n    <Channel>"...)
	esc(ev.Channel)
	dst = append(dst, "</Channel>\n    <Computer>"...)
	esc(ev.Computer)
	dst = append(dst, "</Computer>\n  </System>\n  <EventData>\n"...)
	for _, f := range ev.Data {
		dst = append(dst, "    <Data Name=\""...)
		esc(f.Name)
		dst = append(dst, "\">"...)
		esc(f.Value)
		dst = append(dst, "</Data>\n"...)
	}
	return append(dst, "  </EventData>\n</Event>\n\n"...)
}
