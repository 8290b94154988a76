package bind

import (
	"path"

	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/value"
)

// with returns t followed by op, producing cols; t itself is unchanged
// (it may be shared by several uses).
func with(t *Tabular, op Op, cols []Column) *Tabular {
	ops := append(t.Ops[:len(t.Ops):len(t.Ops)], op)
	ser := t.Serialized
	switch op.(type) {
	case *Sort, *Top, *Window, *ScanOp:
		ser = true
	case *Where, *Extend, *Project, *Select, *Rename, *Take, *MvExpand, *Parse, *ParseKV:
	default:
		ser = false
	}
	open := t.Open
	switch op.(type) {
	case *Project, *Summarize, *Count, *Distinct, *MakeSeries, *TopNested:
		open = false
	case *BagUnpack, *Pivot:
		open = true
	}
	return &Tabular{Source: t.Source, Ops: ops, Columns: cols, Serialized: ser, Open: open}
}

func convertConst(v value.Value, t value.Type) value.Value {
	if v.Type() == t || t == value.Invalid {
		return v
	}
	if v.IsNull() {
		return value.Null(t)
	}
	return builtin.ConvertTo(v, t)
}

// op binds one pipeline operator over input t.
func (b *binder) op(t *Tabular, o syntax.TabularOp, sc *scope) *Tabular {
	en := rowEnv(sc, t.Columns)
	en.open = t.Open
	en.window = t.Serialized
	p := pos(o)
	switch o := o.(type) {
	case *syntax.Where:
		x := b.scalar(o.Pred, en)
		if tt := x.Type(); tt != value.Bool && tt != value.Dynamic && tt != value.Invalid {
			b.errorf(pos(o.Pred), msgExpectedType("bool"))
		}
		if pt, ok := pushBelowJoin(t, x); ok {
			return pt
		}
		return with(t, &Where{Pred: x}, t.Columns)
	case *syntax.Extend:
		return b.extend(t, o.Items, en)
	case *syntax.Project:
		return b.project(t, o.Items, en)
	case *syntax.ProjectAway:
		drop := b.matchCols(t.Columns, o.Cols)
		var names []string
		var cols []Column
		for i, c := range t.Columns {
			if !drop[i] {
				names = append(names, c.Name)
				cols = append(cols, c)
			}
		}
		return with(t, &Select{Names: names}, cols)
	case *syntax.ProjectKeep:
		keep := b.matchCols(t.Columns, o.Cols)
		var names []string
		var cols []Column
		for i, c := range t.Columns {
			if keep[i] {
				names = append(names, c.Name)
				cols = append(cols, c)
			}
		}
		return with(t, &Select{Names: names}, cols)
	case *syntax.ProjectRename:
		return b.rename(t, o, en)
	case *syntax.ProjectReorder:
		return b.reorder(t, o)
	case *syntax.Sort:
		return with(t, &Sort{Keys: b.sortKeys(o.Keys, en)}, t.Columns)
	case *syntax.Take:
		return with(t, &Take{N: b.scalar(o.Count, &env{sc: sc})}, t.Columns)
	case *syntax.Top:
		keys := b.sortKeys([]*syntax.SortKey{o.By}, en)
		return with(t, &Top{N: b.scalar(o.Count, &env{sc: sc}), Keys: keys}, t.Columns)
	case *syntax.Count:
		name := "Count"
		if o.As != nil {
			name = o.As.Name
		}
		return with(t, &Count{}, []Column{{Name: name, Type: value.Long}})
	case *syntax.Distinct:
		return b.distinct(t, o, en)
	case *syntax.Summarize:
		return b.summarize(t, o, en)
	case *syntax.Join:
		return b.join(t, o.Params, o.Right, o.On, sc, false)
	case *syntax.Lookup:
		return b.join(t, o.Params, o.Right, o.On, sc, true)
	case *syntax.Union:
		return b.union(t, o, sc)
	case *syntax.MvExpand:
		return b.mvExpand(t, o, en)
	case *syntax.Serialize:
		if len(o.Items) == 0 {
			return with(t, &Window{}, t.Columns)
		}
		en.window = true
		return b.extendLike(t, o.Items, en, true)
	case *syntax.Parse:
		return b.parse(t, o, en)
	case *syntax.ParseKV:
		return b.parseKV(t, o, en)
	case *syntax.Evaluate:
		return b.evaluate(t, o, en)
	case *syntax.TopNested:
		return b.topNested(t, o, en)
	case *syntax.Sample:
		return b.sample(t, o.Count, sc)
	case *syntax.SampleDistinct:
		return b.sampleDistinct(t, o, en)
	case *syntax.TopHitters:
		return b.topHitters(t, o, en)
	case *syntax.Search:
		return b.search(t, o, sc)
	case *syntax.MvApply:
		return b.mvApply(t, o, sc)
	case *syntax.MakeSeries:
		return b.makeSeries(t, o, en)
	case *syntax.GetSchema:
		return b.getschema(t)
	case *syntax.Invoke:
		return b.invoke(t, o, sc)
	case *syntax.As:
		nt := *t
		nt.Name = o.Name.Name
		return &nt
	case *syntax.Render:
		return t
	case *syntax.Scan:
		return b.scanOp(t, o, sc)
	case *syntax.Partition:
		return b.partition(t, o, sc)
	}
	b.errorf(p, msgUnsupported("The operator "+o.Kind().String()))
	return t
}

// matchCols marks the columns named or matched by wildcard patterns.
func (b *binder) matchCols(cols []Column, pats []syntax.Expr) []bool {
	hit := make([]bool, len(cols))
	for _, pe := range pats {
		found := false
		switch pe := pe.(type) {
		case *syntax.Ident:
			for i, c := range cols {
				if c.Name == pe.Name {
					hit[i], found = true, true
				}
			}
		case *syntax.Wildcard:
			for i, c := range cols {
				if ok, _ := path.Match(pe.Pattern, c.Name); ok {
					hit[i] = true
				}
			}
			found = true
		default:
			b.errorf(pos(pe), msgUnsupported("This column expression"))
			found = true
		}
		if !found {
			b.errorf(pos(pe), msgUnknownName(pe.(*syntax.Ident).Name))
		}
	}
	return hit
}

func (b *binder) extend(t *Tabular, items []*syntax.Assign, en *env) *Tabular {
	return b.extendLike(t, items, en, false)
}

// extendLike binds extend (and serialize's columns): a replaced column
// keeps its position, new ones are appended.
func (b *binder) extendLike(t *Tabular, items []*syntax.Assign, en *env, window bool) *Tabular {
	cols := passCols(t.Columns)
	nm := newNamer(cols)
	fresh := map[string]bool{"\x00derived:extend": true}
	var out []Assign
	saw := b.sawWindow
	b.sawWindow = false
	defer func() { b.sawWindow = saw }()
	for _, it := range items {
		x := b.scalar(it.Value, en)
		name := b.itemName(it, nm, fresh)
		if name == "" {
			continue
		}
		out = append(out, Assign{Name: name, Expr: x})
		col := Column{Name: name, Type: x.Type()}
		replaced := false
		for i := range cols {
			if cols[i].Name == name {
				cols[i], replaced = col, true
			}
		}
		if !replaced {
			cols = append(cols, col)
		}
	}
	if window || b.sawWindow {
		return with(t, &Window{Items: out}, cols)
	}
	return with(t, &Extend{Items: out}, cols)
}

// itemName is an item's output name: written, derived or ColumnN. A name
// given twice in one operator is an error, except derived names: extend
// lets a later one replace an earlier one, other operators number them
// (tolong(N), todouble(N) give N, N1), as Kusto's analyzer does.
func (b *binder) itemName(it *syntax.Assign, nm *namer, fresh map[string]bool) string {
	var name string
	derived := false
	switch {
	case len(it.Names) > 1:
		b.errorf(pos(it), msgUnsupported("Assigning to several names"))
		return ""
	case len(it.Names) == 1:
		name = it.Names[0].Name
	default:
		if n, ok := exprName(it.Value); ok {
			name = n
			_, plain := unparen(it.Value).(*syntax.Ident)
			derived = !plain
		} else {
			name = nm.column()
		}
	}
	const derivedMark = "\x00derived:"
	if fresh[name] {
		switch {
		case derived && fresh[derivedMark+"extend"]:
			return name
		case derived && fresh[derivedMark+name]:
			name = nm.unique(name)
		default:
			b.errorf(pos(it), msgDuplicateColumn(name))
			return ""
		}
	}
	fresh[name] = true
	if derived {
		fresh[derivedMark+name] = true
	}
	nm.used[name] = true
	return name
}

func (b *binder) project(t *Tabular, items []*syntax.Assign, en *env) *Tabular {
	nm := newNamer(nil)
	fresh := map[string]bool{}
	var out []Assign
	var cols []Column
	for _, it := range items {
		if w, ok := it.Value.(*syntax.Wildcard); ok && len(it.Names) == 0 {
			for _, c := range t.Columns {
				if m, _ := path.Match(w.Pattern, c.Name); m && !fresh[c.Name] {
					fresh[c.Name], nm.used[c.Name] = true, true
					mark(c)
					out = append(out, Assign{Name: c.Name, Expr: &ColRef{exprBase{c.Type, pos(w)}, c.Name}})
					cols = append(cols, c)
				}
			}
			continue
		}
		x := b.scalar(it.Value, en)
		name := b.itemName(it, nm, fresh)
		if name == "" {
			continue
		}
		out = append(out, Assign{Name: name, Expr: x})
		col := Column{Name: name, Type: x.Type()}
		if r, ok := x.(*ColRef); ok {
			if c, ok := en.column(r.Name); ok {
				col.srcs = c.srcs
			}
		}
		cols = append(cols, col)
	}
	return with(t, &Project{Items: out}, cols)
}

func (b *binder) rename(t *Tabular, o *syntax.ProjectRename, en *env) *Tabular {
	cols := passCols(t.Columns)
	var from, to []string
	for _, it := range o.Items {
		id, ok := it.Value.(*syntax.Ident)
		if !ok || len(it.Names) != 1 {
			b.errorf(pos(it), msgUnsupported("This project-rename item"))
			continue
		}
		c, ok := en.column(id.Name)
		if !ok {
			b.errorf(pos(id), msgUnknownName(id.Name))
			continue
		}
		for i := range cols {
			if cols[i].Name == id.Name {
				cols[i] = Column{Name: it.Names[0].Name, Type: c.Type, srcs: c.srcs}
			}
		}
		from, to = append(from, id.Name), append(to, it.Names[0].Name)
	}
	return with(t, &Rename{From: from, To: to}, cols)
}

func (b *binder) reorder(t *Tabular, o *syntax.ProjectReorder) *Tabular {
	taken := make([]bool, len(t.Columns))
	var cols []Column
	for _, it := range o.Items {
		one := b.matchCols(t.Columns, []syntax.Expr{it.X})
		var hits []Column
		for i, hit := range one {
			if !hit {
				continue
			}
			if taken[i] {
				b.errorf(pos(it), msgDuplicateColumn(t.Columns[i].Name))
				continue
			}
			taken[i] = true
			hits = append(hits, t.Columns[i])
		}
		sortReordered(hits, it.Order)
		cols = append(cols, hits...)
	}
	for i, c := range t.Columns {
		if !taken[i] {
			cols = append(cols, c)
		}
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return with(t, &Select{Names: names}, cols)
}

func (b *binder) sortKeys(keys []*syntax.SortKey, en *env) []SortKey {
	var out []SortKey
	for _, k := range keys {
		if k == nil {
			continue
		}
		sk := SortKey{Expr: b.scalar(k.X, en), Desc: k.Order != syntax.OrderAsc}
		if sk.Expr.Type() == value.Dynamic {
			b.errorf(pos(k.X), msgSortDynamic())
		}
		switch k.Nulls {
		case syntax.NullsFirst:
			sk.NullsFirst = true
		case syntax.NullsLast:
			sk.NullsFirst = false
		default:
			sk.NullsFirst = !sk.Desc
		}
		out = append(out, sk)
	}
	return out
}

func (b *binder) distinct(t *Tabular, o *syntax.Distinct, en *env) *Tabular {
	if len(o.Cols) == 1 {
		if w, ok := o.Cols[0].(*syntax.Wildcard); ok && w.Pattern == "*" {
			markAll(t.Columns)
			var items []Assign
			for _, c := range t.Columns {
				items = append(items, Assign{Name: c.Name, Expr: &ColRef{exprBase{c.Type, 0}, c.Name}})
			}
			return with(t, &Distinct{Items: items}, passCols(t.Columns))
		}
	}
	var items []*syntax.Assign
	for _, c := range o.Cols {
		items = append(items, &syntax.Assign{Value: c})
	}
	pt := b.project(t, items, en)
	pr := pt.Ops[len(pt.Ops)-1].(*Project)
	return with(t, &Distinct{Items: pr.Items}, pt.Columns)
}
