package eventxml

import "github.com/kqlhunt/kqlhunt/winevent"

// startTag reads a start tag whose name begins at i and applies it.
func (s *scanner) startTag(i int, ev *winevent.Event) (int, bool) {
	src := s.src
	a, b, i, ok := s.name(i)
	if !ok {
		return 0, false
	}
	s.attrs = s.attrs[:0]
	empty := false
	for {
		i = s.skipSpace(i)
		if i >= len(src) {
			return 0, false
		}
		if c := src[i]; c == '>' {
			i++
			break
		} else if c == '/' {
			if i+1 >= len(src) || src[i+1] != '>' {
				return 0, false
			}
			i += 2
			empty = true
			break
		}
		na, nb, j, ok := s.name(i)
		if !ok {
			return 0, false
		}
		if j = s.skipSpace(j); j >= len(src) || src[j] != '=' {
			return 0, false
		}
		if j = s.skipSpace(j + 1); j >= len(src) || src[j] != '"' && src[j] != '\'' {
			return 0, false
		}
		va, vb, q, fl := j+1, j+1, src[j], uint8(0)
		for ; vb < len(src) && src[vb] != q; vb++ {
			fl |= class[src[vb]]
		}
		if vb >= len(src) || fl&cLess != 0 {
			return 0, false
		}
		plain := fl&(cAmp|cCR) == 0
		if !plain {
			if s.tmp, ok = decode(s.tmp[:0], src[va:vb]); !ok {
				return 0, false
			}
		}
		s.attrs = append(s.attrs, attrAt{na: na, nb: nb, va: va, vb: vb, plain: plain})
		i = vb + 1
	}
	if !s.open(a, b, ev) {
		return 0, false
	}
	if empty && !s.close(a, b, ev) {
		return 0, false
	}
	return i, true
}

// endTag reads an end tag whose name begins at i and applies it.
func (s *scanner) endTag(i int, ev *winevent.Event) (int, bool) {
	a, b, i, ok := s.name(i)
	if !ok {
		return 0, false
	}
	if i = s.skipSpace(i); i >= len(s.src) || s.src[i] != '>' {
		return 0, false
	}
	return i + 1, s.close(a, b, ev)
}

// parent returns the kind of the parent of the innermost open element.
func (s *scanner) parent() kind {
	if n := len(s.stack); n >= 2 {
		return s.stack[n-2].kind
	}
	return kOther
}

// inUserData reports whether the innermost open element lies within
// Event/UserData/*.
func (s *scanner) inUserData() bool {
	return len(s.stack) >= 3 && s.stack[1].kind == kUserData
}

// open pushes the element named src[a:b] (local part) and reads what it
// means for the event.
func (s *scanner) open(a, b int, ev *winevent.Event) bool {
	name := s.str[a:b]
	k := kindOf(name)
	s.stack = append(s.stack, elem{a: a, b: b, kind: k})
	s.tmode = textEmpty
	if len(s.stack) == 1 {
		if name != "Event" {
			return false
		}
		s.sawEvent = true
	}
	switch {
	case s.parent() == kSystem:
		system(ev, name, s)
	case s.parent() == kEventData && k == kData:
		s.dataName, s.inData = s.attr("Name"), true
	case s.inUserData():
		s.inData, s.dataName = true, name
	}
	return true
}

// close pops the innermost element, which must have the local name
// src[a:b], and stores its text where the event shape says.
func (s *scanner) close(a, b int, ev *winevent.Event) bool {
	n := len(s.stack)
	if n == 0 {
		return false
	}
	top := s.stack[n-1]
	name := s.str[top.a:top.b]
	if s.str[a:b] != name {
		return false
	}
	switch {
	case s.parent() == kSystem:
		systemText(ev, name, s.textString())
	case s.inData && s.dataName == name && s.inUserData():
		ev.Data = append(ev.Data, winevent.Field{Name: name, Value: s.textString()})
		ev.UserData, s.inData = true, false
	case s.inData && top.kind == kData:
		ev.Data = append(ev.Data, winevent.Field{Name: s.dataName, Value: s.textString()})
		s.inData = false
	}
	s.stack = s.stack[:n-1]
	s.tmode = textEmpty
	return true
}
