package eval

import (
	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/value"
)

// strOp is a string operator: a test and whether the result is negated.
type strOp struct {
	test   func(hay, needle string) bool
	negate bool
	cost   int
}

// stringOps lists the string operators the evaluator calls directly.
var stringOps = map[bind.BinOp]strOp{}

func init() {
	add := func(name string, test func(h, n string) bool, cost int) {
		stringOps[bind.BinOp(name)] = strOp{test: test, cost: cost}
		stringOps[bind.BinOp("!"+name)] = strOp{test: test, negate: true, cost: cost}
	}
	add("has", builtin.Has, 10)
	add("has_cs", builtin.HasCS, 8)
	add("hasprefix", builtin.HasPrefix, 10)
	add("hasprefix_cs", builtin.HasPrefixCS, 8)
	add("hassuffix", builtin.HasSuffix, 10)
	add("hassuffix_cs", builtin.HasSuffixCS, 8)
	add("contains", builtin.Contains, 10)
	add("contains_cs", builtin.ContainsCS, 6)
	add("startswith", builtin.StartsWith, 3)
	add("startswith_cs", builtin.StartsWithCS, 2)
	add("endswith", builtin.EndsWith, 3)
	add("endswith_cs", builtin.EndsWithCS, 2)
	stringOps["=~"] = strOp{test: builtin.EqualFold, cost: 3}
	stringOps["!~"] = strOp{test: builtin.EqualFold, negate: true, cost: 3}
	stringOps["matches regex"] = strOp{cost: 50}
}

// textOf is the string a string operator sees: a string's text, a
// dynamic's text, a number's rendering; null is "".
func textOf(v value.Value) string {
	if v.Type() == value.String {
		return v.Str()
	}
	return v.Text()
}

func (c *compiler) stringOp(e *bind.Binary, so strOp, a, b cexpr) (ccond, error) {
	test := so.test
	if e.Op == "matches regex" {
		if !b.konst {
			return condPair(a, b, func(x, y value.Value) Tri {
				re, err := builtin.CompileRegex(textOf(y))
				if err != nil {
					return Null
				}
				return triBool(re.MatchString(textOf(x)))
			}, so.cost), nil
		}
		re, err := builtin.CompileRegex(textOf(b.val))
		if err != nil {
			return ccond{}, errBadRegex(textOf(b.val), err)
		}
		test = func(h, _ string) bool { return re.MatchString(h) }
	}
	neg := so.negate
	if b.konst && !a.konst {
		needle, fa := textOf(b.val), a.fn
		if i, ok := a.colIndex(); ok && a.typ == value.String {
			return ccond{fn: func(_ *Frame, r Row) Tri {
				return triBool(test(r[i].Str(), needle) != neg)
			}, cost: a.cost + so.cost}, nil
		}
		if a.typ == value.String {
			return ccond{fn: func(f *Frame, r Row) Tri {
				return triBool(test(fa(f, r).Str(), needle) != neg)
			}, cost: a.cost + so.cost}, nil
		}
		return ccond{fn: func(f *Frame, r Row) Tri {
			return triBool(test(textOf(fa(f, r)), needle) != neg)
		}, cost: a.cost + so.cost}, nil
	}
	return condPair(a, b, func(x, y value.Value) Tri {
		return triBool(test(textOf(x), textOf(y)) != neg)
	}, so.cost), nil
}

// hasAny compiles has_any / has_all; constant needles use one pass of
// builtin's term matcher.
func (c *compiler) hasAny(e *bind.HasAny, l *layout) (ccond, error) {
	x, err := c.expr(e.X, l)
	if err != nil {
		return ccond{}, err
	}
	needles := append([]string(nil), e.Needles...)
	var dyn []cexpr
	for _, ne := range e.Exprs {
		n, err := c.expr(ne, l)
		if err != nil {
			return ccond{}, err
		}
		if n.konst {
			needles = appendNeedles(needles, n.val)
			continue
		}
		dyn = append(dyn, n)
	}
	if e.Sub != nil {
		if err := c.run.prepareSub(e.Sub); err != nil {
			return ccond{}, err
		}
		sub := e.Sub
		all := e.All
		xf := x.fn
		return ccond{fn: func(f *Frame, r Row) Tri {
			m := f.run.subMatcher(sub, needles)
			s := textOf(xf(f, r))
			if all {
				return triBool(m.All(s))
			}
			return triBool(m.Any(s))
		}, cost: x.cost + 15}, nil
	}
	if len(dyn) > 0 {
		xf, all := x.fn, e.All
		return ccond{fn: func(f *Frame, r Row) Tri {
			ns := append([]string(nil), needles...)
			for _, d := range dyn {
				ns = appendNeedles(ns, d.fn(f, r))
			}
			m := builtin.NewTermMatcher(ns, false)
			s := textOf(xf(f, r))
			if all {
				return triBool(m.All(s))
			}
			return triBool(m.Any(s))
		}, cost: x.cost + 40}, nil
	}
	m := c.run.constMatcher(e, needles)
	test := m.Any
	if e.All {
		test = m.All
	}
	if x.konst {
		return konstCond(triBool(test(textOf(x.val)))), nil
	}
	xf := x.fn
	if i, ok := x.colIndex(); ok && x.typ == value.String {
		return ccond{fn: func(_ *Frame, r Row) Tri { return triBool(test(r[i].Str())) },
			cost: x.cost + 15}, nil
	}
	if x.typ == value.String {
		return ccond{fn: func(f *Frame, r Row) Tri { return triBool(test(xf(f, r).Str())) },
			cost: x.cost + 15}, nil
	}
	return ccond{fn: func(f *Frame, r Row) Tri { return triBool(test(textOf(xf(f, r)))) },
		cost: x.cost + 15}, nil
}

// appendNeedles adds a needle value: arrays contribute their elements.
func appendNeedles(ns []string, v value.Value) []string {
	if arr, ok := v.Array(); ok {
		for _, e := range arr {
			ns = appendNeedles(ns, e)
		}
		return ns
	}
	if v.IsNull() {
		return ns
	}
	return append(ns, textOf(v))
}

// in compiles in, !in, in~ and !in~.
func (c *compiler) in(e *bind.In, l *layout) (ccond, error) {
	x, err := c.expr(e.X, l)
	if err != nil {
		return ccond{}, err
	}
	consts := append([]value.Value(nil), e.Consts...)
	var dyn []cexpr
	for _, ie := range e.Exprs {
		n, err := c.expr(ie, l)
		if err != nil {
			return ccond{}, err
		}
		if n.konst {
			consts = append(consts, n.val)
			continue
		}
		dyn = append(dyn, n)
	}
	neg, fold := e.Negate, e.Fold
	if e.Sub != nil {
		if err := c.run.prepareSub(e.Sub); err != nil {
			return ccond{}, err
		}
	}
	if e.Sub != nil || len(dyn) > 0 {
		sub, xf := e.Sub, x.fn
		return ccond{fn: func(f *Frame, r Row) Tri {
			elems := consts
			if sub != nil {
				elems = append(elems[:len(elems):len(elems)], f.run.subColumn(sub)...)
			}
			for _, d := range dyn {
				elems = append(elems[:len(elems):len(elems)], d.fn(f, r))
			}
			return inTest(xf(f, r), elems, fold, neg)
		}, cost: x.cost + 30}, nil
	}
	xf := x.fn
	if x.typ == value.String || fold {
		set := builtin.NewStringSet(stringElems(consts), fold)
		if i, ok := x.colIndex(); ok && x.typ == value.String {
			return ccond{fn: func(_ *Frame, r Row) Tri {
				return triBool(set.Has(r[i].Str()) != neg)
			}, cost: x.cost + 3}, nil
		}
		return ccond{fn: func(f *Frame, r Row) Tri {
			v := xf(f, r)
			if v.IsNull() {
				return triBool(neg)
			}
			return triBool(set.Has(textOf(v)) != neg)
		}, cost: x.cost + 3}, nil
	}
	set := builtin.NewValueSet(consts)
	return ccond{fn: func(f *Frame, r Row) Tri {
		v := xf(f, r)
		if v.IsNull() {
			return triBool(neg)
		}
		return triBool(set.Has(v) != neg)
	}, cost: x.cost + 3}, nil
}

func stringElems(vals []value.Value) []string {
	var out []string
	for _, v := range vals {
		if arr, ok := v.Array(); ok {
			out = append(out, stringElems(arr)...)
			continue
		}
		if v.IsNull() {
			continue
		}
		out = append(out, textOf(v))
	}
	return out
}

// inTest is the slow path of in: elements computed per row.
func inTest(v value.Value, elems []value.Value, fold, neg bool) Tri {
	if v.IsNull() {
		return triBool(neg)
	}
	if v.Type() == value.String || fold {
		return triBool(builtin.NewStringSet(stringElems(elems), fold).Has(textOf(v)) != neg)
	}
	return triBool(builtin.NewValueSet(elems).Has(v) != neg)
}

// between compiles x between (lo .. hi), inclusive; a timespan upper
// bound on a datetime means lo + hi.
func (c *compiler) between(e *bind.Between, l *layout) (ccond, error) {
	x, err := c.expr(e.X, l)
	if err != nil {
		return ccond{}, err
	}
	lo, err := c.expr(e.Lo, l)
	if err != nil {
		return ccond{}, err
	}
	hi, err := c.expr(e.Hi, l)
	if err != nil {
		return ccond{}, err
	}
	neg := e.Negate
	ge, le := orderOp(">="), orderOp("<=")
	xf, lf, hf := x.fn, lo.fn, hi.fn
	return ccond{fn: func(f *Frame, r Row) Tri {
		v, a, b := xf(f, r), lf(f, r), hf(f, r)
		if b.Type() == value.Timespan && a.Unwrap().Type() == value.DateTime {
			b = arith("+", a, b, value.DateTime)
		}
		t1, t2 := ge(v, a), le(v, b)
		var t Tri
		switch {
		case t1 == False || t2 == False:
			t = False
		case t1 == Null || t2 == Null:
			t = Null
		default:
			t = True
		}
		if neg {
			return notTri(t)
		}
		return t
	}, cost: x.cost + 2}, nil
}

// constMatcher returns the term matcher of a has_any or has_all with
// constant needles. It is built once per compiled query and shared by all
// its runs (watch starts a run per batch); matchers are immutable.
func (r *Run) constMatcher(key *bind.HasAny, needles []string) *builtin.TermMatcher {
	if m, ok := r.query.Cache.Load(key); ok {
		return m.(*builtin.TermMatcher)
	}
	m, _ := r.query.Cache.LoadOrStore(key, builtin.NewTermMatcher(needles, false))
	return m.(*builtin.TermMatcher)
}
