package eventxml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"

	"github.com/kqlhunt/kqlhunt/winevent"
)

// parseStd decodes one sanitized <Event> element with encoding/xml. It is
// the reference the scanner in scan.go must agree with, and the path for
// what the scanner leaves to it: malformed events (so that errors read as
// encoding/xml words them) and rare constructs (processing instructions,
// directives, non-ASCII element names).
func parseStd(data []byte, ev *winevent.Event) error {
	*ev = winevent.Event{Qualifiers: -1, Version: -1, Level: -1, Task: -1, Opcode: -1}
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
				system(ev, name, stdAttrs(t.Attr))
			case parent == "EventData" && name == "Data":
				dataName, inData = stdAttrs(t.Attr).attr("Name"), true
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

// stdAttrs are an encoding/xml element's attributes.
type stdAttrs []xml.Attr

func (a stdAttrs) attr(name string) string {
	for _, x := range a {
		if x.Name.Local == name {
			return x.Value
		}
	}
	return ""
}
