package evtx

import (
	"io"
	"strconv"
	"unicode/utf8"
)

// WriteXML writes a record as XML text, indented like evtxexport -f xml
// and followed by a blank line. It needs Record.XML, which Records fills
// when File.XML is set; without it the XML is rebuilt from the Event
// (System fields and data pairs only).
func WriteXML(w io.Writer, rec *Record) error {
	if len(rec.XML) > 0 {
		_, err := w.Write(rec.XML)
		return err
	}
	_, err := w.Write(eventXML(nil, rec))
	return err
}

// appendXML renders a record's item stream as indented XML.
func appendXML(dst []byte, items []item) []byte {
	depth := 0
	var block [maxDepth*2 + 2]bool // element at this depth holds elements
	var names [maxDepth*2 + 2]string
	for i := 0; i < len(items); i++ {
		it := &items[i]
		switch it.kind {
		case kStart:
			dst = indent(dst, depth)
			dst = append(dst, '<')
			dst = append(dst, it.name...)
			for i+1 < len(items) && items[i+1].kind == kAttr {
				i++
				dst = append(dst, ' ')
				dst = append(dst, items[i].name...)
				dst = append(dst, `="`...)
				for i+1 < len(items) && isAttrValue(items[i+1].kind) {
					i++
					dst = appendXMLText(dst, &items[i], true)
				}
				dst = append(dst, '"')
			}
			if i+1 < len(items) && items[i+1].kind == kCloseStart {
				i++
			}
			if e := emptyContent(items[i+1:]); e >= 0 {
				dst = append(dst, "/>\n"...)
				i += e + 1
				continue
			}
			dst = append(dst, '>')
			if depth+1 >= len(block) {
				continue
			}
			depth++
			names[depth] = it.name
			block[depth] = hasChildElement(items[i+1:])
			if block[depth] {
				dst = append(dst, '\n')
			}
		case kEnd:
			if depth == 0 {
				continue
			}
			depth--
			if block[depth+1] {
				dst = indent(dst, depth)
			}
			dst = append(dst, "</"...)
			dst = append(dst, names[depth+1]...)
			dst = append(dst, ">\n"...)
		case kPITarget:
			dst = indent(dst, depth)
			dst = append(dst, "<?"...)
			dst = append(dst, it.name...)
			if i+1 < len(items) && items[i+1].kind == kPIData {
				i++
				dst = append(dst, ' ')
				dst = appendUTF16(dst, items[i].data)
			}
			dst = append(dst, "?>\n"...)
		default:
			dst = appendXMLText(dst, it, false)
		}
	}
	return append(dst, '\n')
}

// emptyContent returns the index of the element end in items when all
// before it is empty text, or -1.
func emptyContent(items []item) int {
	for i := range items {
		switch {
		case items[i].kind == kEnd:
			return i
		case items[i].kind != kValue || len(items[i].data) != 0:
			return -1
		}
	}
	return len(items)
}

func indent(dst []byte, depth int) []byte {
	for j := 0; j < depth; j++ {
		dst = append(dst, "  "...)
	}
	return dst
}

// hasChildElement reports whether the content starting at items holds an
// element before the end of the current one.
func hasChildElement(items []item) bool {
	for i := range items {
		switch items[i].kind {
		case kStart, kPITarget:
			return true
		case kEnd:
			return false
		}
	}
	return false
}

func appendXMLText(dst []byte, it *item, attr bool) []byte {
	switch it.kind {
	case kValue:
		if it.vtype == vtString {
			return appendEscaped16(dst, trimNul16(it.data), attr)
		}
		var buf [64]byte
		return appendEscaped(dst, appendValue(buf[:0], it.vtype, it.data), attr)
	case kCDATA:
		dst = append(dst, "<![CDATA["...)
		dst = appendUTF16(dst, it.data)
		return append(dst, "]]>"...)
	case kCharRef:
		dst = append(dst, "&#"...)
		dst = strconv.AppendUint(dst, uint64(it.idx), 10)
		return append(dst, ';')
	case kEntity:
		dst = append(dst, '&')
		dst = append(dst, it.name...)
		return append(dst, ';')
	}
	return dst
}

// appendEscaped16 converts UTF-16 and escapes in one pass.
func appendEscaped16(dst, b []byte, attr bool) []byte {
	for i := 0; i+1 < len(b); i += 2 {
		c := b[i]
		if b[i+1] == 0 && c < utf8.RuneSelf {
			dst = appendEscByte(dst, c, attr)
			continue
		}
		j := i
		for j+1 < len(b) && !(b[j+1] == 0 && b[j] < utf8.RuneSelf) {
			j += 2
		}
		dst = appendUTF16(dst, b[i:j])
		i = j - 2
	}
	return dst
}

func appendEscaped(dst, s []byte, attr bool) []byte {
	for _, c := range s {
		dst = appendEscByte(dst, c, attr)
	}
	return dst
}

// appendEscByte escapes markup characters; quotes only inside attributes.
func appendEscByte(dst []byte, c byte, attr bool) []byte {
	switch c {
	case '&':
		return append(dst, "&amp;"...)
	case '<':
		return append(dst, "&lt;"...)
	case '>':
		return append(dst, "&gt;"...)
	case '"':
		if attr {
			return append(dst, "&quot;"...)
		}
	}
	return append(dst, c)
}
