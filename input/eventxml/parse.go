package eventxml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/winevent"
)

// Parse decodes one <Event> element (with or without the event
// namespace, attributes in single or double quotes) into ev. Invalid
// UTF-8 and characters XML forbids (NUL...) are replaced by U+FFFD first.
func Parse(data []byte, ev *winevent.Event) error {
	*ev = winevent.Event{Qualifiers: -1, Version: -1, Level: -1, Task: -1, Opcode: -1}
	data = sanitize(data)
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var stack []string
	var text []byte
	var dataName string
	inData := false
	sawEvent := false
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			stack = append(stack, name)
			text = text[:0]
			if len(stack) == 1 {
				if name != "Event" {
					return errors.New("root element is <" + name + ">, not <Event>")
				}
				sawEvent = true
			}
			parent := ""
			if len(stack) >= 2 {
				parent = stack[len(stack)-2]
			}
			switch {
			case parent == "System":
				system(ev, name, t.Attr)
			case parent == "EventData" && name == "Data":
				dataName, inData = attr(t.Attr, "Name"), true
			case len(stack) >= 3 && stack[1] == "UserData":
				inData, dataName = true, name
			}
		case xml.CharData:
			text = append(text, t...)
		case xml.EndElement:
			if len(stack) == 0 {
				return errors.New("unbalanced end tag")
			}
			name := stack[len(stack)-1]
			if t.Name.Local != name {
				return errors.New("</" + t.Name.Local + "> closes <" + name + ">")
			}
			parent := ""
			if len(stack) >= 2 {
				parent = stack[len(stack)-2]
			}
			switch {
			case parent == "System":
				systemText(ev, name, string(text))
			case inData && dataName == name && len(stack) >= 3 && stack[1] == "UserData":
				ev.Data = append(ev.Data, winevent.Field{Name: name, Value: string(text)})
				ev.UserData, inData = true, false
			case inData && name == "Data":
				ev.Data = append(ev.Data, winevent.Field{Name: dataName, Value: string(text)})
				inData = false
			}
			stack = stack[:len(stack)-1]
			text = text[:0]
		}
	}
	if !sawEvent {
		return errors.New("no <Event> element")
	}
	if len(stack) != 0 {
		return errors.New("event ends before </" + stack[len(stack)-1] + ">")
	}
	return nil
}

func attr(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func atoi(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return def
	}
	return n
}

// system reads the attributes of a System child.
func system(ev *winevent.Event, name string, attrs []xml.Attr) {
	switch name {
	case "Provider":
		ev.Provider = attr(attrs, "Name")
		if ev.Provider == "" {
			ev.Provider = attr(attrs, "EventSourceName")
		}
		ev.ProviderGUID = attr(attrs, "Guid")
	case "EventID":
		ev.Qualifiers = atoi(attr(attrs, "Qualifiers"), -1)
	case "TimeCreated":
		if t, ok := mapping.ParseTime(attr(attrs, "SystemTime")); ok {
			ev.TimeCreated = t
		}
	case "Correlation":
		ev.ActivityID = attr(attrs, "ActivityID")
	case "Execution":
		ev.ProcessID = uint32(atoi(attr(attrs, "ProcessID"), 0))
		ev.ThreadID = uint32(atoi(attr(attrs, "ThreadID"), 0))
	case "Security":
		ev.UserID = attr(attrs, "UserID")
	}
}

// systemText reads the text of a System child.
func systemText(ev *winevent.Event, name, text string) {
	text = strings.TrimSpace(text)
	switch name {
	case "EventID":
		ev.EventID = atoi(text, 0)
	case "Version":
		ev.Version = atoi(text, -1)
	case "Level":
		ev.Level = atoi(text, -1)
	case "Task":
		ev.Task = atoi(text, -1)
	case "Opcode":
		ev.Opcode = atoi(text, -1)
	case "Keywords":
		ev.Keywords = text
	case "EventRecordID":
		n, _ := strconv.ParseUint(text, 10, 64)
		ev.RecordID = n
	case "Channel":
		ev.Channel = text
	case "Computer":
		ev.Computer = text
	case "TimeCreated":
		if ev.TimeCreated.IsZero() {
			if t, ok := mapping.ParseTime(text); ok {
				ev.TimeCreated = t
			}
		}
	}
}

// sanitize replaces invalid UTF-8 and the control characters XML 1.0
// forbids with U+FFFD, copying only when needed.
func sanitize(b []byte) []byte {
	clean := utf8.Valid(b)
	if clean {
		for _, c := range b {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				clean = false
				break
			}
		}
	}
	if clean {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 || r < 0x20 && r != '\t' && r != '\n' && r != '\r' ||
			r == 0xFFFE || r == 0xFFFF {
			r = utf8.RuneError
		}
		out = utf8.AppendRune(out, r)
		b = b[n:]
	}
	return out
}
