package decode

import "github.com/kqlhunt/kqlhunt/input"

// Part is one event cut out of a message, with the value of its key field.
type Part struct {
	Key  []byte
	Data []byte
}

// Split cuts a message into single events for repartitioning: each record
// of a Streaming API batch, each element of an array, or the message
// itself. Key is the text of the field named key (in a record's
// properties); messages that are not JSON are one part without key.
func Split(msg []byte, key string) []Part {
	i := input.SkipSpace(msg, 0)
	if i >= len(msg) {
		return nil
	}
	switch msg[i] {
	case '[':
		var out []Part
		if elements(msg[i:], func(el []byte) error {
			out = append(out, Split(el, key)...)
			return nil
		}) != nil {
			return []Part{{Data: msg}}
		}
		return out
	case '{':
	default:
		return []Part{{Data: msg}}
	}
	var records, props, k []byte
	_, err := input.ObjectKeys(msg, i, func(name, v []byte) bool {
		switch string(name) {
		case "records":
			records = v
		case "properties":
			props = v
		case key:
			k = v
		}
		return true
	})
	if err != nil {
		return []Part{{Data: msg}}
	}
	if len(records) > 0 && records[0] == '[' {
		return Split(records, key)
	}
	if len(props) > 0 && props[0] == '{' && k == nil {
		input.ObjectKeys(props, 0, func(name, v []byte) bool {
			if string(name) == key {
				k = v
				return false
			}
			return true
		})
	}
	p := Part{Data: msg[i:]}
	if k != nil {
		p.Key = []byte(input.Unescape(k))
	}
	return []Part{p}
}
