package bind

import (
	"path"

	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/value"
)

// paramValue returns an operator parameter's value as text.
func paramValue(ps []*syntax.OpParam, name string) (string, bool) {
	for _, p := range ps {
		if p.Name == name {
			switch v := p.Value.(type) {
			case *syntax.Ident:
				return v.Name, true
			case *syntax.StringLit:
				return v.Value, true
			case *syntax.BoolLit:
				if v.Value {
					return "true", true
				}
				return "false", true
			case *syntax.LongLit:
				return itoa(int(v.Value)), true
			}
			return "", true
		}
	}
	return "", false
}

var joinKinds = map[string]string{
	"innerunique": "innerunique", "inner": "inner", "leftouter": "leftouter",
	"rightouter": "rightouter", "fullouter": "fullouter", "leftsemi": "leftsemi",
	"leftanti": "leftanti", "anti": "leftanti", "leftantisemi": "leftanti",
	"rightsemi": "rightsemi", "rightanti": "rightanti", "rightantisemi": "rightanti",
	"semi": "leftsemi",
}

// join binds join and lookup.
func (b *binder) join(t *Tabular, params []*syntax.OpParam, right syntax.Expr, on []syntax.Expr,
	sc *scope, lookup bool) *Tabular {
	kind := "innerunique"
	if lookup {
		kind = "leftouter"
	}
	if k, ok := paramValue(params, "kind"); ok {
		kk, ok := joinKinds[k]
		if !ok || lookup && kk != "inner" && kk != "leftouter" {
			b.errorf(pos(right), msgBadParam("kind"))
			return t
		}
		kind = kk
	}
	rt := b.tabular(right, sc)
	le, re := rowEnv(sc, t.Columns), rowEnv(sc, rt.Columns)
	j := &Join{Kind: kind, Right: rt, Lookup: lookup}
	var conds []syntax.Expr
	var collect func(e syntax.Expr)
	collect = func(e syntax.Expr) {
		if bx, ok := unparen(e).(*syntax.Binary); ok && bx.Op == syntax.OpAnd {
			collect(bx.Left)
			collect(bx.Right)
			return
		}
		conds = append(conds, e)
	}
	for _, e := range on {
		collect(e)
	}
	sameKey := map[string]bool{}
	for _, c := range conds {
		switch c := unparen(c).(type) {
		case *syntax.Ident:
			j.LeftKeys = append(j.LeftKeys, b.scalar(c, le))
			j.RightKeys = append(j.RightKeys, b.scalar(c, re))
			sameKey[c.Name] = true
		case *syntax.Binary:
			if c.Op != syntax.OpEq {
				b.errorf(pos(c), msgBadJoinKey())
				continue
			}
			both := &env{sc: sc, left: le, right: re}
			l, r := c.Left, c.Right
			if side(r) == "$left" {
				l, r = r, l
			}
			if side(l) != "$left" || side(r) != "$right" {
				b.errorf(pos(c), msgBadJoinKey())
				continue
			}
			j.LeftKeys = append(j.LeftKeys, b.scalar(l, both))
			j.RightKeys = append(j.RightKeys, b.scalar(r, both))
			if lookup {
				if m, ok := r.(*syntax.Member); ok {
					sameKey[m.Name.Name] = true
				}
			}
		default:
			b.errorf(pos(c), msgBadJoinKey())
		}
	}
	var cols []Column
	addSide := func(src []Column, isRight bool, nm *namer, skip map[string]bool) {
		for _, c := range src {
			if skip[c.Name] {
				continue
			}
			name := nm.unique(c.Name)
			j.Out = append(j.Out, JoinCol{Right: isRight, Src: c.Name, Name: name})
			cols = append(cols, Column{Name: name, Type: c.Type, srcs: c.srcs})
		}
	}
	nm := newNamer(nil)
	switch kind {
	case "leftsemi", "leftanti":
		addSide(t.Columns, false, nm, nil)
	case "rightsemi", "rightanti":
		addSide(rt.Columns, true, nm, nil)
	default:
		addSide(t.Columns, false, nm, nil)
		var skip map[string]bool
		if lookup {
			skip = sameKey
		}
		addSide(rt.Columns, true, nm, skip)
	}
	return with(t, j, cols)
}

func side(e syntax.Expr) string {
	if m, ok := unparen(e).(*syntax.Member); ok {
		if id, ok := m.X.(*syntax.Ident); ok {
			return id.Name
		}
	}
	return ""
}

// union binds union, as a source (t nil) or an operator.
func (b *binder) union(t *Tabular, o *syntax.Union, sc *scope) *Tabular {
	var legs []*Tabular
	var names []string
	if t != nil {
		legs, names = append(legs, t), append(names, "")
	}
	fuzzy := false
	if v, ok := paramValue(o.Params, "isfuzzy"); ok && v == "true" {
		fuzzy = true
	}
	for _, e := range o.Tables {
		switch x := e.(type) {
		case *syntax.Wildcard:
			if b.opts.Schemas != nil {
				for _, st := range b.opts.Schemas.Tables() {
					if m, _ := path.Match(x.Pattern, st.Name); m {
						legs, names = append(legs, b.scan(st)), append(names, st.Name)
					}
				}
			}
			continue
		case *syntax.Ident:
			if fuzzy && !b.isTabular(x, sc) {
				continue
			}
			// Tables and views give their names; other lets do not.
			name := "union_arg" + itoa(len(legs))
			if s := sc.lookup(x.Name); s == nil || s.fn != nil && s.fn.View {
				name = x.Name
			}
			legs, names = append(legs, b.tabular(e, sc)), append(names, name)
			continue
		}
		nerr := len(b.errs)
		lt := b.tabular(e, sc)
		if fuzzy && len(b.errs) > nerr {
			// isfuzzy drops the legs that do not resolve.
			b.errs = b.errs[:nerr]
			continue
		}
		name := lt.Name
		if name == "" {
			name = "union_arg" + itoa(len(legs))
		}
		legs, names = append(legs, lt), append(names, name)
	}
	kind, _ := paramValue(o.Params, "kind")
	u := &Union{Legs: legs, LegNames: names}
	if ws, ok := paramValue(o.Params, "withsource"); ok {
		u.WithSource = ws
	}
	type slot struct {
		name string
		typ  value.Type
	}
	var order []slot
	seen := map[slot]bool{}
	types := map[string]map[value.Type]bool{}
	for _, l := range legs {
		for _, c := range l.Columns {
			s := slot{c.Name, c.Type}
			if !seen[s] {
				seen[s] = true
				order = append(order, s)
			}
			if types[c.Name] == nil {
				types[c.Name] = map[value.Type]bool{}
			}
			types[c.Name][c.Type] = true
		}
	}
	var cols []Column
	if u.WithSource != "" {
		cols = append(cols, Column{Name: u.WithSource, Type: value.String})
	}
	u.LegCols = make([][]string, len(legs))
	for _, s := range order {
		outName := s.name
		if len(types[s.name]) > 1 {
			outName = s.name + "_" + s.typ.String()
		}
		var srcs []*srcCol
		present := 0
		for i, l := range legs {
			src := ""
			for _, c := range l.Columns {
				if c.Name == s.name && c.Type == s.typ {
					src = c.Name
					srcs = append(srcs, c.srcs...)
				}
			}
			if src != "" {
				present++
			}
			u.LegCols[i] = append(u.LegCols[i], src)
		}
		if kind == "inner" && present < len(legs) {
			for i := range legs {
				u.LegCols[i] = u.LegCols[i][:len(u.LegCols[i])-1]
			}
			continue
		}
		cols = append(cols, Column{Name: outName, Type: s.typ, srcs: srcs})
	}
	u.Out = cols
	return &Tabular{Source: u, Columns: cols}
}

// mvExpand binds mv-expand and mvexpand.
func (b *binder) mvExpand(t *Tabular, o *syntax.MvExpand, en *env) *Tabular {
	m := &MvExpand{Limit: -1}
	if o.Legacy {
		m.Limit = 128
	}
	m.Bag = true
	if v, ok := paramValue(o.Params, "bagexpansion"); ok && v == "array" {
		m.Bag = false
	}
	if v, ok := paramValue(o.Params, "kind"); ok && v == "array" {
		m.Bag = false
	}
	if v, ok := paramValue(o.Params, "with_itemindex"); ok {
		m.IndexName = v
	}
	if o.Limit != nil {
		if c, ok := b.scalar(o.Limit, en).(*Const); ok {
			f, _ := c.V.AsFloat()
			m.Limit = int64(f)
		}
	}
	cols := passCols(t.Columns)
	nm := newNamer(cols)
	for _, it := range o.Items {
		x := b.scalar(it.X, en)
		if x.Type() != value.Dynamic && x.Type() != value.Invalid {
			b.errorf(pos(it.X), msgNotDynamic(it.X.Kind().String()))
		}
		name := ""
		if it.Name != nil {
			name = it.Name.Name
		} else if n, ok := exprName(it.X); ok {
			name = n
		} else {
			name = nm.column()
		}
		typ := value.Dynamic
		if it.To != "" {
			if tt, ok := value.ParseType(it.To); ok {
				typ = tt
			}
		}
		m.Items = append(m.Items, Assign{Name: name, Expr: x})
		m.ToTypes = append(m.ToTypes, typ)
		replaced := false
		for i := range cols {
			if cols[i].Name == name {
				cols[i], replaced = Column{Name: name, Type: typ}, true
			}
		}
		if !replaced {
			cols = append(cols, Column{Name: name, Type: typ})
		}
	}
	if m.IndexName != "" {
		cols = append(cols, Column{Name: m.IndexName, Type: value.Long})
	}
	return with(t, m, cols)
}

// window binds row_number, prev, next, row_cumsum and the row ranks.
func (b *binder) window(e *syntax.Call, en *env) Expr {
	p := pos(e)
	w := &WindowFn{exprBase: exprBase{P: p}, Name: e.Name.Name}
	for _, a := range e.Args {
		w.Args = append(w.Args, b.scalar(a, en))
	}
	if !en.window {
		b.errorf(p, msgNotSerialized(w.Name))
		return bad(p)
	}
	switch w.Name {
	case "row_number", "row_rank_min", "row_rank_dense":
		w.T = value.Long
	case "prev", "next":
		if len(w.Args) == 0 {
			b.errorf(p, msgArgCount(w.Name, 1, 3))
			return bad(p)
		}
		w.T = w.Args[0].Type()
		if len(w.Args) > 1 {
			c, ok := w.Args[1].(*Const)
			if f, _ := c.V.Unwrap().AsFloat(); !ok || f < 1 {
				b.errorf(pos(e.Args[1]), msgPositiveConst(w.Name))
				return bad(p)
			}
		}
		if len(w.Args) > 2 {
			if _, ok := w.Args[2].(*Const); !ok {
				b.errorf(pos(e.Args[2]), msgNotConstant())
				return bad(p)
			}
		}
	case "row_window_session":
		if len(w.Args) < 3 || len(w.Args) > 4 {
			b.errorf(p, msgArgCount(w.Name, 3, 4))
			return bad(p)
		}
		w.T = w.Args[0].Type()
	case "row_cumsum":
		if len(w.Args) == 0 {
			b.errorf(p, msgArgCount(w.Name, 1, 2))
			return bad(p)
		}
		w.T = w.Args[0].Type()
		if w.T == value.Int {
			w.T = value.Long
		}
	}
	b.sawWindow = true
	return w
}
