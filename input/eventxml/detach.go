package eventxml

import (
	"strings"
	"unsafe"

	"github.com/kqlhunt/kqlhunt/winevent"
)

// maxNames bounds the strings a scanner interns.
const maxNames = 4096

// detach copies ev's strings, substrings of the event until now, so that
// rows keep no more than they show: names and the System strings (few
// and repeated) are interned, and the data values share one allocation.
func (s *scanner) detach(ev *winevent.Event) {
	// Events of a log repeat the previous one's strings at the same
	// places: compare with those before looking up the table.
	for i, p := range [...]*string{&ev.Provider, &ev.ProviderGUID, &ev.Keywords,
		&ev.ActivityID, &ev.Channel, &ev.Computer, &ev.UserID} {
		if *p != s.prevSys[i] {
			s.prevSys[i] = s.intern(*p)
		}
		*p = s.prevSys[i]
	}
	n := 0
	for i := range ev.Data {
		name := ev.Data[i].Name
		if i < len(s.prevNames) && s.prevNames[i] == name {
			name = s.prevNames[i]
		} else {
			name = s.intern(name)
			if i < len(s.prevNames) {
				s.prevNames[i] = name
			} else if i == len(s.prevNames) {
				s.prevNames = append(s.prevNames, name)
			}
		}
		ev.Data[i].Name = name
		n += len(ev.Data[i].Value)
	}
	if n == 0 {
		if len(ev.Data) == 0 {
			ev.Data = nil
		}
		return
	}
	arena := make([]byte, 0, n)
	for _, f := range ev.Data {
		arena = append(arena, f.Value...)
	}
	all := unsafe.String(unsafe.SliceData(arena), n)
	off := 0
	for i := range ev.Data {
		m := len(ev.Data[i].Value)
		ev.Data[i].Value = all[off : off+m]
		off += m
	}
}

// intern returns a copy of v, shared by equal strings while the table
// has room.
func (s *scanner) intern(v string) string {
	if v == "" {
		return ""
	}
	if w, ok := s.names[v]; ok {
		return w
	}
	w := strings.Clone(v)
	if s.names == nil {
		s.names = map[string]string{}
	}
	if len(s.names) < maxNames {
		s.names[w] = w
	}
	return w
}
