package bind

import (
	"strconv"
	"strings"

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

// aggSpec describes an aggregation: its name prefix, argument count and
// result type.
type aggSpec struct {
	prefix   string // output name prefix: count -> count_X
	min, max int
	typ      func(args []Expr) value.Type
	pred     int // index of a bool predicate argument, -1 when none
}

func fixedT(t value.Type) func([]Expr) value.Type { return func([]Expr) value.Type { return t } }

func argT(args []Expr) value.Type {
	if len(args) == 0 {
		return value.Invalid
	}
	return args[0].Type()
}

func sumT(args []Expr) value.Type {
	switch t := argT(args); t {
	case value.Int, value.Long:
		return value.Long
	case value.Timespan, value.Decimal:
		return t
	}
	return value.Real
}

// aggSpecs lists the aggregations kqlhunt evaluates (package eval holds
// their implementations, by the same names).
var aggSpecs = map[string]aggSpec{
	"count":                {"count", 0, 1, fixedT(value.Long), -1},
	"count_distinct":       {"count_distinct", 1, 1, fixedT(value.Long), -1},
	"count_distinctif":     {"count_distinctif", 2, 2, fixedT(value.Long), 1},
	"countif":              {"countif", 1, 1, fixedT(value.Long), 0},
	"dcount":               {"dcount", 1, 2, fixedT(value.Long), -1},
	"dcountif":             {"dcountif", 2, 3, fixedT(value.Long), 1},
	"make_set":             {"set", 1, 2, fixedT(value.Dynamic), -1},
	"makeset":              {"set", 1, 2, fixedT(value.Dynamic), -1},
	"make_set_if":          {"set", 2, 3, fixedT(value.Dynamic), 1},
	"make_list":            {"list", 1, 2, fixedT(value.Dynamic), -1},
	"makelist":             {"list", 1, 2, fixedT(value.Dynamic), -1},
	"make_list_if":         {"list", 2, 3, fixedT(value.Dynamic), 1},
	"make_list_with_nulls": {"list", 1, 2, fixedT(value.Dynamic), -1},
	"make_bag":             {"bag", 1, 2, fixedT(value.Dynamic), -1},
	"make_bag_if":          {"bag", 2, 3, fixedT(value.Dynamic), 1},
	"min":                  {"min", 1, 1, argT, -1},
	"max":                  {"max", 1, 1, argT, -1},
	"minif":                {"minif", 2, 2, argT, 1},
	"maxif":                {"maxif", 2, 2, argT, 1},
	"sum":                  {"sum", 1, 1, sumT, -1},
	"sumif":                {"sumif", 2, 2, sumT, 1},
	"avg":                  {"avg", 1, 1, fixedT(value.Real), -1},
	"avgif":                {"avgif", 2, 2, fixedT(value.Real), 1},
	"stdev":                {"stdev", 1, 1, fixedT(value.Real), -1},
	"stdevif":              {"stdevif", 2, 2, fixedT(value.Real), 1},
	"stdevp":               {"stdevp", 1, 1, fixedT(value.Real), -1},
	"variance":             {"variance", 1, 1, fixedT(value.Real), -1},
	"varianceif":           {"varianceif", 2, 2, fixedT(value.Real), 1},
	"variancep":            {"variancep", 1, 1, fixedT(value.Real), -1},
	"any":                  {"any", 1, 64, argT, -1},
	"take_any":             {"", 1, 64, argT, -1},
	"take_anyif":           {"", 2, 2, argT, 1},
	"anyif":                {"anyif", 2, 2, argT, 1},
	"arg_max":              {"", 1, 64, argT, -1},
	"arg_min":              {"", 1, 64, argT, -1},
	"percentile":           {"percentile", 2, 2, argT, -1},
	"percentiles":          {"percentile", 2, 64, argT, -1},
	"binary_all_or":        {"binary_all_or", 1, 1, fixedT(value.Long), -1},
	"binary_all_and":       {"binary_all_and", 1, 1, fixedT(value.Long), -1},
}

func isAggregate(name string) bool {
	_, ok := aggSpecs[name]
	return ok
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
				post = append(post, Assign{Name: c.Name, Expr: &ColRef{exprBase{c.Type, 0}, c.Name}})
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
		items = append(items, Assign{Name: a.Name, Expr: &ColRef{exprBase{a.Expr.Type(), 0}, a.Name}})
	}
	items = append(items, post...)
	return with(with(t, s, mid), &Project{Items: items}, cols)
}

// aggregate binds one aggregation call and names its outputs.
func (b *binder) aggregate(call *syntax.Call, it *syntax.Assign, en *env, nm *namer,
	byCols map[string]bool) (Agg, bool) {
	name := call.Name.Name
	spec := aggSpecs[name]
	p := pos(call)
	if len(call.Args) < spec.min || len(call.Args) > spec.max {
		b.errorf(p, msgArgCount(name, spec.min, spec.max))
		return Agg{}, false
	}
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
		for i, a := range agg.Args {
			def := argName(i)
			if star && i > 0 {
				def = a.(*ColRef).Name
			}
			if name == "any" && def != "" {
				def = "any_" + def
			}
			out(i, def, a.Type())
		}
		return agg, true
	case "percentiles":
		for i := 1; i < len(agg.Args); i++ {
			def := ""
			if x := argName(0); x != "" {
				def = "percentile_" + x + "_" + pctName(agg.Args[i])
			}
			out(i-1, def, agg.Args[0].Type())
		}
		return agg, true
	}
	if spec.pred >= 0 && spec.pred < len(agg.Args) {
		if pt := agg.Args[spec.pred].Type(); pt != value.Bool && pt != value.Dynamic {
			b.errorf(pos(call.Args[spec.pred]), msgExpectedType("bool"))
		}
	}
	def := spec.prefix + "_"
	if name == "count" || name == "countif" {
		if len(call.Args) > 0 {
			if _, plain := unparen(call.Args[0]).(*syntax.Ident); plain {
				def += argName(0)
			}
		}
	} else if x := argName(0); x != "" {
		def += x
		if name == "percentile" {
			def += "_" + pctName(agg.Args[1])
		}
	} else {
		def = ""
	}
	out(0, def, spec.typ(agg.Args))
	return agg, true
}

func pctName(e Expr) string {
	c, ok := e.(*Const)
	if !ok {
		return ""
	}
	f, _ := c.V.AsFloat()
	s := strconv.FormatFloat(f, 'f', -1, 64)
	return strings.ReplaceAll(s, ".", "_")
}
