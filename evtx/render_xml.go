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
					dst = appendXMLText(dst, &items[i])
				}
				dst = append(dst, '"')
			}
			if i+1 < len(items) && items[i+1].kind == kCloseStart {
				i++
			}
			if i+1 >= len(items) || items[i+1].kind == kEnd {
				dst = append(dst, "/>\n"...)
				i++
				continue
			}
			dst = append(dst, '>')
			depth++
			if hasChildElement(items[i+1:]) {
				dst = append(dst, '\n')
			}
		case kEnd:
			if depth == 0 {
				continue
			}
			depth--
			if len(dst) > 0 && dst[len(dst)-1] == '\n' {
				dst = indent(dst, depth)
			}
			dst = append(dst, "</"...)
			dst = append(dst, elementName(items[:i])...)
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
			dst = appendXMLText(dst, it)
		}
	}
	return append(dst, '\n')
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

// elementName finds the name of the element that the end after items
// closes.
func elementName(items []item) string {
	open := 0
	for i := len(items) - 1; i >= 0; i-- {
		switch items[i].kind {
		case kEnd:
			open++
		case kStart:
			if open == 0 {
				return items[i].name
			}
			open--
		}
	}
	return ""
}

func appendXMLText(dst []byte, it *item) []byte {
	switch it.kind {
	case kValue:
		if it.vtype == vtString {
			return appendEscaped16(dst, trimNul16(it.data))
		}
		var buf [64]byte
		return appendEscaped(dst, appendValue(buf[:0], it.vtype, it.data))
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
func appendEscaped16(dst, b []byte) []byte {
	for i := 0; i+1 < len(b); i += 2 {
		c := b[i]
		if b[i+1] == 0 && c < utf8.RuneSelf {
			dst = appendEscByte(dst, c)
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

func appendEscaped(dst, s []byte) []byte {
	for _, c := range s {
		dst = appendEscByte(dst, c)
	}
	return dst
}

func appendEscByte(dst []byte, c byte) []byte {
	switch c {
	case '&':
		return append(dst, "&amp;"...)
	case '<':
		return append(dst, "&lt;"...)
	case '>':
		return append(dst, "&gt;"...)
	case '"':
		return append(dst, "&quot;"...)
	}
	return append(dst, c)
}
