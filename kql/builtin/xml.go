package builtin

import (
	"encoding/xml"
	"io"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// parse_xml converts XML to dynamic as the engine documents it: an element
// becomes a slot named after it; an empty element is null, a text-only one
// its text; attributes become "@name" slots and text beside attributes or
// child elements a "#text" slot; repeated child elements become an array.
// Only elements, attributes and text are kept; input over 1 MB or invalid
// XML gives null.

func init() {
	def(names("parse_xml"), tDyn, ks(kStrDyn), 0, func(_ *Env, a []value.Value) value.Value {
		return ParseXML(argStr(a[0]))
	})
}

// xmlNode is an element while it is being read.
type xmlNode struct {
	name  string
	attrs []xml.Attr
	kids  []*xmlNode
	text  strings.Builder
}

// ParseXML converts an XML document to a dynamic value.
func ParseXML(s string) value.Value {
	if len(s) > 1<<20 {
		return value.NullDynamic
	}
	dec := xml.NewDecoder(strings.NewReader(s))
	dec.Strict = true
	root := &xmlNode{}
	stack := []*xmlNode{root}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return value.NullDynamic
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: qname(t.Name), attrs: t.Attr}
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.text.Write(t)
		}
	}
	if len(stack) != 1 || len(root.kids) == 0 {
		return value.NullDynamic
	}
	return value.NewBag(children(root.kids))
}

func qname(n xml.Name) string {
	if n.Space != "" && !strings.Contains(n.Space, "/") {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// children groups a node's elements by name, repeated names as arrays.
func children(kids []*xmlNode) *value.Bag {
	b := &value.Bag{}
	for _, k := range kids {
		v := k.value()
		if prev, ok := b.Get(k.name); ok {
			if arr, isArr := prev.Array(); isArr {
				b.Set(k.name, value.NewArray(append(arr, v)))
			} else {
				b.Set(k.name, value.NewArray(value.Array{prev, v}))
			}
			continue
		}
		b.Set(k.name, v)
	}
	return b
}

func (k *xmlNode) value() value.Value {
	text := strings.TrimSpace(k.text.String())
	if len(k.attrs) == 0 && len(k.kids) == 0 {
		if text == "" {
			return value.NullDynamic
		}
		return str(text)
	}
	b := &value.Bag{}
	for _, a := range k.attrs {
		name := a.Name.Local
		switch {
		case a.Name.Space == "xmlns":
			name = "xmlns:" + a.Name.Local
		case a.Name.Space != "" && a.Name.Space != "xmlns":
			name = a.Name.Space + ":" + a.Name.Local
		}
		b.Set("@"+name, str(a.Value))
	}
	if text != "" {
		b.Set("#text", str(text))
	}
	kb := children(k.kids)
	for i, key := range kb.Keys {
		b.Set(key, kb.Values[i])
	}
	return value.NewBag(b)
}
