package bind

import (
	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/value"
)

// specialCall binds the functions that read the row or a tabular
// argument rather than scalar values: column_names_of(T), pack_all() and
// bag_pack_columns(C, ...).
func (b *binder) specialCall(e *syntax.Call, en *env) (Expr, bool) {
	p := pos(e)
	switch e.Name.Name {
	case "column_names_of":
		if len(e.Args) != 1 {
			b.errorf(p, msgArgCount(e.Name.Name, 1, 1))
			return bad(p), true
		}
		if !b.isTabular(e.Args[0], en.sc) {
			b.errorf(pos(e.Args[0]), msgNotTabular())
			return bad(p), true
		}
		t := b.tabular(e.Args[0], en.sc)
		names := make(value.Array, len(t.Columns))
		for i, c := range t.Columns {
			names[i] = value.NewString(c.Name)
		}
		return &Const{exprBase{value.Dynamic, p}, value.NewArray(names)}, true
	case "bag_pack_columns":
		// A bag of the named columns, each under its own name.
		if len(e.Args) == 0 {
			b.errorf(p, msgArgCount(e.Name.Name, 1, 64))
			return bad(p), true
		}
		f, ok := builtin.Lookup("bag_pack")
		if !ok {
			return nil, false
		}
		var args []Expr
		var bargs []builtin.Arg
		for _, a := range e.Args {
			id, ok := a.(*syntax.Ident)
			if !ok {
				b.errorf(pos(a), msgColumnExpected())
				return bad(p), true
			}
			x := b.scalar(a, en)
			name := value.NewString(id.Name)
			args = append(args, &Const{exprBase{value.String, p}, name}, x)
			bargs = append(bargs, builtin.Arg{Type: value.String, Const: &name},
				builtin.Arg{Type: x.Type()})
		}
		t, impl, err := f.Bind(bargs)
		if err != nil {
			b.errorf(p, err.Error())
			return bad(p), true
		}
		return &Call{exprBase{t, p}, "bag_pack", args, impl}, true
	case "pack_all":
		if len(e.Args) > 0 {
			b.errorf(p, msgUnsupported("pack_all(ignore_null_empty)"))
			return bad(p), true
		}
		f, ok := builtin.Lookup("bag_pack")
		if !ok {
			return nil, false
		}
		var args []Expr
		var bargs []builtin.Arg
		for _, c := range en.cols {
			mark(c)
			name := value.NewString(c.Name)
			args = append(args, &Const{exprBase{value.String, p}, name},
				&ColRef{exprBase{c.Type, p}, c.Name})
			bargs = append(bargs, builtin.Arg{Type: value.String, Const: &name},
				builtin.Arg{Type: c.Type})
		}
		t, impl, err := f.Bind(bargs)
		if err != nil {
			b.errorf(p, err.Error())
			return bad(p), true
		}
		return &Call{exprBase{t, p}, "bag_pack", args, impl}, true
	}
	return nil, false
}
