package bind

import (
	"errors"

	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/value"
)

// aggCtx collects the aggregations found inside a summarize expression
// (count() * 2, strcat_array(make_list(s), "|")): each becomes a hidden
// output of the summarize, and the expression reads it as a column.
type aggCtx struct {
	aggs []Agg
	nm   *namer
}

func (a *aggCtx) bind(b *binder, e *syntax.Call, en *env) (Expr, bool) {
	if !isAggregate(e.Name.Name) {
		return nil, false
	}
	inner := *en
	inner.agg = nil
	hidden := "__agg" + itoa(len(a.aggs))
	agg, ok := b.aggregate(e, &syntax.Assign{}, &inner, newNamer(nil), nil)
	if !ok {
		return bad(pos(e)), true
	}
	for i := range agg.Outputs {
		agg.Outputs[i].Name = hidden + "_" + itoa(i)
	}
	a.aggs = append(a.aggs, agg)
	o := agg.Outputs[0]
	return &ColRef{exprBase{o.Type, pos(e)}, o.Name}, true
}

// isAggregate tells whether name is an aggregation of builtin's table.
func isAggregate(name string) bool {
	_, ok := builtin.LookupAgg(name)
	return ok
}

// percentileArgs gives, per percentile aggregation, the index of its first
// percentage argument (the weighted ones take a weight first).
var percentileArgs = map[string]int{"percentile": 1, "percentiles": 1, "percentilew": 2,
	"percentilesw": 2}

// pairAggs are the aggregations of two columns named after both.
var pairAggs = map[string]bool{"covariance": true, "covariancep": true,
	"covarianceif": true, "covariancepif": true}

// bindAgg checks an aggregation's arguments against builtin's table and
// returns one type per output column and the constructor of group states.
func bindAgg(name string, args []Expr) ([]value.Type, func() builtin.State, error) {
	a, ok := builtin.LookupAgg(name)
	if !ok {
		return nil, nil, errors.New(msgUnknownFunction(name))
	}
	bargs := make([]builtin.Arg, len(args))
	for i, x := range args {
		bargs[i].Type = x.Type()
		if c, ok := x.(*Const); ok {
			v := c.V
			bargs[i].Const = &v
		}
	}
	return a.Bind(bargs)
}

func (b *binder) summarize(t *Tabular, o *syntax.Summarize, en *env) *Tabular {
	nm := newNamer(nil)
	fresh := map[string]bool{}
	s := &Summarize{}
	var cols []Column
	byCols := map[string]bool{}
	for _, it := range o.By {
		x := b.scalar(it.Value, en)
		name := b.itemName(it, nm, fresh)
		if name == "" {
			continue
		}
		s.By = append(s.By, Assign{Name: name, Expr: x})
		cols = append(cols, Column{Name: name, Type: x.Type()})
		if r, ok := x.(*ColRef); ok {
			byCols[r.Name] = true
		}
	}
	// Items that are not a bare aggregation are computed by a projection
	// after the summarize, over hidden aggregation columns.
	var post []Assign
	nested := false
	actx := &aggCtx{}
	for _, it := range o.Aggs {
		call, ok := unparen(it.Value).(*syntax.Call)
		if ok && isAggregate(call.Name.Name) {
			agg, ok := b.aggregate(call, it, en, nm, byCols)
			if !ok {
				continue
			}
			s.Aggs = append(s.Aggs, agg)
			cols = append(cols, agg.Outputs...)
			for _, c := range agg.Outputs {
				ref := &ColRef{exprBase{c.Type, 0}, c.Name}
				post = append(post, Assign{Name: c.Name, Expr: ref})
			}
			continue
		}
		nested = true
		inner := *en
		inner.agg = actx
		x := b.scalar(it.Value, &inner)
		name := b.itemName(it, nm, fresh)
		if name == "" {
			continue
		}
		post = append(post, Assign{Name: name, Expr: x})
		cols = append(cols, Column{Name: name, Type: x.Type()})
	}
	if !nested {
		return with(t, s, cols)
	}
	s.Aggs = append(s.Aggs, actx.aggs...)
	var mid []Column
	for _, a := range s.By {
		mid = append(mid, Column{Name: a.Name, Type: a.Expr.Type()})
	}
	for _, a := range s.Aggs {
		mid = append(mid, a.Outputs...)
	}
	var items []Assign
	for _, a := range s.By {
		ref := &ColRef{exprBase{a.Expr.Type(), 0}, a.Name}
		items = append(items, Assign{Name: a.Name, Expr: ref})
	}
	items = append(items, post...)
	return with(with(t, s, mid), &Project{Items: items}, cols)
}

// aggregate binds one aggregation call and names its outputs.
func (b *binder) aggregate(call *syntax.Call, it *syntax.Assign, en *env, nm *namer,
	byCols map[string]bool) (Agg, bool) {
	name := call.Name.Name
	p := pos(call)
	agg := Agg{Func: name}
	star := false
	for _, a := range call.Args {
		if w, ok := a.(*syntax.Wildcard); ok && w.Pattern == "*" {
			star = true
			continue
		}
		agg.Args = append(agg.Args, b.scalar(a, en))
	}
	for _, a := range agg.Args {
		if a.Type() == value.Invalid {
			return Agg{}, false
		}
	}
	explicit := func(i int) string {
		if i < len(it.Names) {
			return it.Names[i].Name
		}
		return ""
	}
	argName := func(i int) string {
		if i < len(call.Args) {
			if n, ok := exprName(call.Args[i]); ok {
				return n
			}
		}
		return ""
	}
	out := func(i int, def string, t value.Type) {
		n := explicit(i)
		if n == "" {
			n = def
		}
		if n == "" {
			n = nm.column()
		} else {
			n = nm.unique(n)
		}
		agg.Outputs = append(agg.Outputs, Column{Name: n, Type: t})
	}
	var types []value.Type
	bindOK := func() bool {
		var err error
		types, agg.New, err = bindAgg(name, agg.Args)
		if err != nil {
			b.errorf(p, err.Error())
			return false
		}
		return true
	}
	switch name {
	case "arg_max", "arg_min", "take_any", "any":
		if star {
			agg.Star = true
			first := ""
			if r, ok := agg.Args[0].(*ColRef); ok {
				first = r.Name
			}
			for _, c := range en.cols {
				if c.Name == first || byCols[c.Name] {
					continue
				}
				mark(c)
				agg.Args = append(agg.Args, &ColRef{exprBase{c.Type, p}, c.Name})
			}
		}
		if !bindOK() {
			return Agg{}, false
		}
		for i, a := range agg.Args {
			def := argName(i)
			if star && i > 0 {
				def = a.(*ColRef).Name
			}
			if name == "any" && def != "" {
				def = builtin.DefaultColumnName(name, def)
			}
			out(i, def, types[i])
		}
		return agg, true
	}
	if !bindOK() {
		return Agg{}, false
	}
	if first, ok := percentileArgs[name]; ok {
		// One output per percentage: percentile_X_50, percentile_X_99_5.
		x := argName(0)
		for i := first; i < len(agg.Args) && i-first < len(types); i++ {
			def := ""
			if c, ok := agg.Args[i].(*Const); ok && x != "" {
				f, _ := c.V.Unwrap().AsFloat()
				def = builtin.PercentileColumnName(x, f)
			}
			out(i-first, def, types[i-first])
		}
		return agg, true
	}
	def := ""
	if name == "count" || name == "countif" {
		arg := ""
		if len(call.Args) > 0 {
			if _, plain := unparen(call.Args[0]).(*syntax.Ident); plain {
				arg = argName(0)
			}
		}
		def = builtin.DefaultColumnName(name, arg)
		if name == "countif" {
			def = "countif_" + arg // countif(b) is countif_b
		}
	} else if x := argName(0); x != "" {
		if pairAggs[name] && argName(1) != "" {
			x += "_" + argName(1) // covariance(x, y) is covariance_x_y
		}
		def = builtin.DefaultColumnName(name, x)
	}
	for i, t := range types {
		if i > 0 {
			def = ""
		}
		out(i, def, t)
	}
	return agg, true
}
