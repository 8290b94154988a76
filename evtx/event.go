package evtx

import (
	"time"
	"unicode/utf8"

	"github.com/kqlhunt/kqlhunt/winevent"
)

// span is a piece of the decoder's text buffer: [a, b).
type span struct{ a, b int }

// dataSpan is one EventData/UserData field before strings are made.
type dataSpan struct {
	name    string // element name (UserData leaves, non-Data children)
	nameTxt span   // Name attribute text when name == ""
	val     span
	user    bool // from UserData
}

// Where an element sits, deciding what its text and attributes feed.
const (
	secNone = iota
	secSystem
	secEventData
	secUserData
)

// System fields kept as text spans, indexed by sysField.
const (
	fProvider = iota
	fProviderGUID
	fEventID
	fQualifiers
	fVersion
	fLevel
	fTask
	fOpcode
	fKeywords
	fTimeCreated
	fRecordID
	fActivityID
	fProcessID
	fThreadID
	fChannel
	fComputer
	fUserID
	nFields
)

// systemText returns 1 + the field that a System child's text is, or 0.
func systemText(elem string) int {
	switch elem {
	case "EventID":
		return fEventID + 1
	case "Version":
		return fVersion + 1
	case "Level":
		return fLevel + 1
	case "Task":
		return fTask + 1
	case "Opcode":
		return fOpcode + 1
	case "Keywords":
		return fKeywords + 1
	case "EventRecordID":
		return fRecordID + 1
	case "Channel":
		return fChannel + 1
	case "Computer":
		return fComputer + 1
	}
	return 0
}

// systemAttr returns the field that an attribute of a System child is.
func systemAttr(elem, attr string) (int, bool) {
	switch {
	case elem == "Provider" && attr == "Name":
		return fProvider, true
	case elem == "Provider" && attr == "Guid":
		return fProviderGUID, true
	case elem == "EventID" && attr == "Qualifiers":
		return fQualifiers, true
	case elem == "TimeCreated" && attr == "SystemTime":
		return fTimeCreated, true
	case elem == "Correlation" && attr == "ActivityID":
		return fActivityID, true
	case elem == "Execution" && attr == "ProcessID":
		return fProcessID, true
	case elem == "Execution" && attr == "ThreadID":
		return fThreadID, true
	case elem == "Security" && attr == "UserID":
		return fUserID, true
	}
	return 0, false
}

type level struct {
	name     string
	want     int // field index + 1 for System text, or -1 for data fields
	text     int // start of the element's own text in d.text
	nameTxt  span
	hasChild bool
	array    bool
}

// event fills ev from a record's item stream.
func (d *decoder) event(items []item, ev *winevent.Event) {
	var sys [nFields]span
	var have [nFields]bool
	var stack [maxDepth*2 + 2]level
	var when time.Time
	haveTime := false
	d.text = d.text[:0]
	d.fields = d.fields[:0]
	depth, sec := 0, secNone
	for i := 0; i < len(items); i++ {
		it := &items[i]
		switch it.kind {
		case kStart:
			if depth+1 >= len(stack) {
				return
			}
			stack[depth].hasChild = true
			depth++
			lv := &stack[depth]
			*lv = level{name: it.name, text: len(d.text)}
			switch depth {
			case 2:
				switch it.name {
				case "System":
					sec = secSystem
				case "EventData":
					sec = secEventData
				case "UserData":
					sec = secUserData
				default:
					sec = secNone
				}
			case 3:
				if sec == secSystem {
					lv.want = systemText(it.name)
				} else if sec == secEventData {
					lv.want = -1
				}
			}
			if sec == secUserData && depth >= 4 {
				lv.want = -1
			}
			// Attributes follow the start.
			for i+1 < len(items) && items[i+1].kind == kAttr {
				i++
				attr := items[i].name
				a := len(d.text)
				j := i + 1
				for ; j < len(items) && isAttrValue(items[j].kind); j++ {
				}
				vals := items[i+1 : j]
				i = j - 1
				switch {
				case sec == secSystem && depth == 3:
					f, ok := systemAttr(lv.name, attr)
					if !ok {
						continue
					}
					if f == fTimeCreated && len(vals) == 1 && vals[0].vtype == vtFileTime &&
						len(vals[0].data) == 8 {
						when, haveTime = filetime(leU64(vals[0].data)), true
					}
					d.text = appendText(d.text, vals)
					sys[f], have[f] = span{a, len(d.text)}, true
				case sec == secEventData && depth == 3 && attr == "Name":
					d.text = appendText(d.text, vals)
					lv.nameTxt = span{a, len(d.text)}
				}
			}
			lv.text = len(d.text)
		case kEnd:
			if depth == 0 {
				continue
			}
			lv := &stack[depth]
			switch {
			case lv.want > 0:
				sys[lv.want-1], have[lv.want-1] = span{lv.text, len(d.text)}, true
			case lv.want < 0 && !lv.array && !(sec == secUserData && lv.hasChild):
				d.addField(lv, span{lv.text, len(d.text)}, sec == secUserData)
			}
			depth--
			if depth < 2 {
				sec = secNone
			}
		case kCloseStart, kAttr, kSubst, kPITarget, kPIData:
		default:
			lv := &stack[depth]
			if lv.want == 0 {
				continue
			}
			if lv.want < 0 && it.kind == kValue && it.vtype&vtArray != 0 {
				lv.array = true
				eachElem(it.vtype, it.data, func(et uint8, e []byte) {
					a := len(d.text)
					d.text = appendValue(d.text, et, e)
					d.addField(lv, span{a, len(d.text)}, sec == secUserData)
				})
				continue
			}
			d.text = appendText(d.text, items[i:i+1])
		}
	}
	d.fill(ev, &sys, &have, when, haveTime)
}

func (d *decoder) addField(lv *level, val span, user bool) {
	f := dataSpan{name: lv.name, nameTxt: lv.nameTxt, val: val, user: user}
	if lv.name == "Data" {
		f.name = ""
	}
	d.fields = append(d.fields, f)
}

// fill turns the spans into the event's strings: one string holds all the
// text of a record, and the fields are slices of it.
func (d *decoder) fill(ev *winevent.Event, sys *[nFields]span, have *[nFields]bool,
	when time.Time, haveTime bool) {
	s := string(d.text)
	get := func(f int) string { return s[sys[f].a:sys[f].b] }
	num := func(f int) int {
		if !have[f] {
			return -1
		}
		return atoi(get(f))
	}
	data := ev.Data[:0]
	*ev = winevent.Event{
		Provider: get(fProvider), ProviderGUID: get(fProviderGUID),
		EventID: num(fEventID), Qualifiers: num(fQualifiers), Version: num(fVersion),
		Level: num(fLevel), Task: num(fTask), Opcode: num(fOpcode),
		Keywords: get(fKeywords), ActivityID: get(fActivityID),
		Channel: get(fChannel), Computer: get(fComputer), UserID: get(fUserID),
		UserData: false,
	}
	if ev.EventID < 0 {
		ev.EventID = 0
	}
	ev.RecordID = uint64(max(atoi(get(fRecordID)), 0))
	ev.ProcessID = uint32(max(atoi(get(fProcessID)), 0))
	ev.ThreadID = uint32(max(atoi(get(fThreadID)), 0))
	if haveTime {
		ev.TimeCreated = when
	} else if have[fTimeCreated] {
		ev.TimeCreated, _ = time.Parse(time.RFC3339Nano, get(fTimeCreated))
	}
	for _, f := range d.fields {
		name := f.name
		if name == "" {
			name = s[f.nameTxt.a:f.nameTxt.b]
		} else if f.nameTxt.b > f.nameTxt.a {
			name = s[f.nameTxt.a:f.nameTxt.b]
		}
		data = append(data, winevent.Field{Name: name, Value: s[f.val.a:f.val.b]})
		ev.UserData = ev.UserData || f.user
	}
	ev.Data = data
}

// atoi parses decimal or 0x-prefixed hex text; -1 when it is neither.
func atoi(s string) int {
	if s == "" {
		return -1
	}
	base := 10
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s, base = s[2:], 16
	}
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var dgt int
		switch {
		case c >= '0' && c <= '9':
			dgt = int(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			dgt = int(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			dgt = int(c-'A') + 10
		default:
			return -1
		}
		v = v*base + dgt
		if v < 0 {
			return -1
		}
	}
	return v
}

// appendText appends the plain text (not XML-escaped) of value items.
func appendText(dst []byte, items []item) []byte {
	for i := range items {
		it := &items[i]
		switch it.kind {
		case kValue:
			dst = appendValue(dst, it.vtype, it.data)
		case kCDATA:
			dst = appendUTF16(dst, it.data)
		case kCharRef:
			dst = utf8.AppendRune(dst, rune(it.idx))
		case kEntity:
			dst = append(dst, entityText(it.name)...)
		}
	}
	return dst
}

func entityText(name string) string {
	switch name {
	case "lt":
		return "<"
	case "gt":
		return ">"
	case "amp":
		return "&"
	case "quot":
		return `"`
	case "apos":
		return "'"
	}
	return "&" + name + ";"
}

func leU64(b []byte) uint64 {
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}
