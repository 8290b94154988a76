package bind

import (
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/value"
)

// evaluate binds evaluate plugins; bag_unpack only, so far.
func (b *binder) evaluate(t *Tabular, o *syntax.Evaluate, en *env) *Tabular {
	name := o.Call.Name.Name
	if name != "bag_unpack" {
		b.errorf(pos(o.Call), msgUnsupported("evaluate "+name))
		return t
	}
	u := &BagUnpack{}
	for i, a := range o.Call.Args {
		if na, ok := a.(*syntax.NamedArg); ok {
			switch na.Name.Name {
			case "ignoredProperties":
				if c, ok := b.scalar(na.Value, en).(*Const); ok {
					for _, v := range flatten([]value.Value{c.V}) {
						u.Ignored = append(u.Ignored, v.Text())
					}
				}
			case "columnsConflict":
			default:
				b.errorf(pos(na), msgBadParam(na.Name.Name))
			}
			continue
		}
		switch i {
		case 0:
			id, ok := unparen(a).(*syntax.Ident)
			if !ok {
				b.errorf(pos(a), msgUnsupported("bag_unpack of an expression"))
				return t
			}
			c, ok := en.column(id.Name)
			if !ok {
				b.errorf(pos(a), msgUnknownName(id.Name))
				return t
			}
			mark(c)
			u.Col = id.Name
		case 1:
			if c, ok := b.scalar(a, en).(*Const); ok {
				u.Prefix = c.V.Text()
			}
		}
	}
	if o.Schema != nil {
		b.errorf(pos(o), msgUnsupported("bag_unpack with an output schema"))
	}
	var cols []Column
	for _, c := range t.Columns {
		if c.Name != u.Col {
			cols = append(cols, c)
		}
	}
	nt := with(t, u, cols)
	nt.Open = true
	return nt
}
