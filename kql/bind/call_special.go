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
		var names []string
		var vals []Expr
		for _, a := range e.Args {
			id, ok := a.(*syntax.Ident)
			if !ok {
				b.errorf(pos(a), msgColumnExpected())
				return bad(p), true
			}
			names, vals = append(names, id.Name), append(vals, b.scalar(a, en))
		}
		return b.bagPack(p, names, vals), true
	case "pack_all":
		if len(e.Args) > 0 {
			b.errorf(p, msgUnsupported("pack_all(ignore_null_empty)"))
			return bad(p), true
		}
		var names []string
		var vals []Expr
		for _, c := range en.cols {
			mark(c)
			names = append(names, c.Name)
			vals = append(vals, &ColRef{exprBase{c.Type, p}, c.Name})
		}
		return b.bagPack(p, names, vals), true
	}
	return nil, false
}

// bagPack binds bag_pack(name1, value1, name2, value2, ...).
func (b *binder) bagPack(p int, names []string, vals []Expr) Expr {
	f, _ := builtin.Lookup("bag_pack")
	var args []Expr
	var bargs []builtin.Arg
	for i, n := range names {
		name := value.NewString(n)
		args = append(args, &Const{exprBase{value.String, p}, name}, vals[i])
		bargs = append(bargs, builtin.Arg{Type: value.String, Const: &name},
			builtin.Arg{Type: vals[i].Type()})
	}
	t, impl, err := f.Bind(bargs)
	if err != nil {
		b.errorf(p, err.Error())
		return bad(p)
	}
	return &Call{exprBase{t, p}, "bag_pack", args, impl}
}
