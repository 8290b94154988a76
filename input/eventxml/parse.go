package eventxml

import (
	"encoding/binary"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/kqlhunt/kqlhunt/mapping"
	"github.com/kqlhunt/kqlhunt/winevent"
)

// Parse decodes one <Event> element (with or without the event
// namespace, attributes in single or double quotes) into ev. Invalid
// UTF-8 and characters XML forbids (NUL, U+FFFE...) are replaced by
// U+FFFD first.
func Parse(data []byte, ev *winevent.Event) error {
	var s scanner
	data = sanitize(data)
	if s.scan(data, unsafe.String(unsafe.SliceData(data), len(data)), ev) {
		return nil
	}
	return parseStd(data, ev)
}

// attrs gives an element's attribute values by local name ("" when absent).
type attrs interface{ attr(name string) string }

func atoi(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return def
	}
	return n
}

// system reads the attributes of a System child.
func system(ev *winevent.Event, name string, a attrs) {
	switch name {
	case "Provider":
		ev.Provider = a.attr("Name")
		if ev.Provider == "" {
			ev.Provider = a.attr("EventSourceName")
		}
		ev.ProviderGUID = a.attr("Guid")
	case "EventID":
		ev.Qualifiers = atoi(a.attr("Qualifiers"), -1)
	case "TimeCreated":
		if t, ok := mapping.ParseTime(a.attr("SystemTime")); ok {
			ev.TimeCreated = t
		}
	case "Correlation":
		ev.ActivityID = a.attr("ActivityID")
	case "Execution":
		ev.ProcessID = uint32(atoi(a.attr("ProcessID"), 0))
		ev.ThreadID = uint32(atoi(a.attr("ThreadID"), 0))
	case "Security":
		ev.UserID = a.attr("UserID")
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

const (
	ones = 0x0101010101010101
	high = 0x8080808080808080
)

// clean reports whether b is valid UTF-8 free of the characters XML 1.0
// forbids (controls other than tab, newline and return; U+FFFE, U+FFFF).
// Runs of printable ASCII are checked eight bytes at a time.
func clean(b []byte) bool {
	i := 0
	for i < len(b) {
		if i+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[i:])
			// No byte >= 0x80 and none < 0x20 (the test may flag a byte
			// that is fine; it never misses one that is not).
			if (x|(x-0x20*ones)&^x)&high == 0 {
				i += 8
				continue
			}
		}
		c := b[i]
		if c < 0x80 {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += n
	}
	return true
}

// sanitize replaces invalid UTF-8 and the characters XML 1.0 forbids
// with U+FFFD, copying only when needed.
func sanitize(b []byte) []byte {
	if clean(b) {
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
