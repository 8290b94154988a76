package bind

import (
	"strings"

	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/value"
)

// evaluate binds evaluate plugins; bag_unpack only, so far.
func (b *binder) evaluate(t *Tabular, o *syntax.Evaluate, en *env) *Tabular {
	name := o.Call.Name.Name
	if name == "pivot" {
		return b.pivot(t, o, en)
	}
	if name != "bag_unpack" {
		b.errorf(pos(o.Call), msgUnsupported("evaluate "+name))
		return t
	}
	u := &BagUnpack{Conflict: "error"}
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
				if c, ok := b.scalar(na.Value, en).(*Const); ok {
					switch v := c.V.Text(); v {
					case "error", "replace_source", "keep_source":
						u.Conflict = v
					default:
						b.errorf(pos(na.Value), msgBadParam(na.Name.Name))
					}
				}
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
		return b.bagUnpackSchema(t, o, u, en)
	}
	var cols []Column
	for _, c := range t.Columns {
		if c.Name != u.Col {
			cols = append(cols, c)
		}
	}
	return with(t, u, cols)
}

// bagUnpackSchema binds bag_unpack with an output schema: exactly the
// declared columns, each an input column of that name (other than the
// bag) or else the bag's property of that name (less the prefix),
// converted to the declared type.
func (b *binder) bagUnpackSchema(t *Tabular, o *syntax.Evaluate, u *BagUnpack,
	en *env) *Tabular {
	if o.AnyCols {
		b.errorf(pos(o), msgUnsupported("bag_unpack with an output schema ending in *"))
		return t
	}
	ignored := map[string]bool{}
	for _, k := range u.Ignored {
		ignored[k] = true
	}
	p := pos(o)
	var items []Assign
	var cols []Column
	for _, d := range o.Schema {
		typ, ok := value.ParseType(d.Type)
		if !ok {
			b.errorf(pos(d), msgBadLiteral("type", d.Type))
			return t
		}
		name := d.Name.Name
		var x Expr
		if c, ok := en.column(name); ok && name != u.Col {
			mark(c)
			x = &ColRef{exprBase{c.Type, p}, name}
		} else if key, ok := strings.CutPrefix(name, u.Prefix); ok && !ignored[key] {
			x = &Member{exprBase{value.Dynamic, p}, &ColRef{exprBase{value.Dynamic, p}, u.Col},
				key}
		} else {
			x = &Const{exprBase{typ, p}, value.Null(typ)}
		}
		if x.Type() != typ {
			x = &Cast{exprBase{typ, p}, x}
		}
		items = append(items, Assign{Name: name, Expr: x})
		cols = append(cols, Column{Name: name, Type: typ})
	}
	return with(t, &Project{Items: items}, cols)
}

func (b *binder) pivot(t *Tabular, o *syntax.Evaluate, en *env) *Tabular {
	args := o.Call.Args
	if len(args) == 0 {
		b.errorf(pos(o.Call), msgArgCount("pivot", 1, 64))
		return t
	}
	pv := &Pivot{Col: b.scalar(args[0], en)}
	var agg syntax.Expr = &syntax.Call{Name: &syntax.Ident{Name: "count"}}
	if len(args) > 1 {
		agg = args[1]
	}
	call, ok := unparen(agg).(*syntax.Call)
	if !ok || !isAggregate(call.Name.Name) {
		b.errorf(pos(agg), msgNotAggregate())
		return t
	}
	a, ok := b.aggregate(call, &syntax.Assign{}, en, newNamer(nil), nil)
	if !ok {
		return t
	}
	pv.Agg = a
	var cols []Column
	for _, g := range args[min(2, len(args)):] {
		x := b.scalar(g, en)
		name, ok := exprName(g)
		if !ok {
			b.errorf(pos(g), msgUnsupported("pivot by an expression"))
			continue
		}
		pv.By = append(pv.By, Assign{Name: name, Expr: x})
		cols = append(cols, Column{Name: name, Type: x.Type()})
	}
	return with(t, pv, cols)
}
