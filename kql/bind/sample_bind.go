package bind

import (
	"github.com/kqlhunt/kqlhunt/kql/syntax"
)

// sample, sample-distinct and top-hitters, composed from other operators.
// Kusto picks sample rows at random; kqlhunt takes the first ones, which
// is one of the allowed answers. top-hitters is exact here.

func (b *binder) sample(t *Tabular, count syntax.Expr, sc *scope) *Tabular {
	return with(t, &Take{N: b.scalar(count, &env{sc: sc})}, t.Columns)
}

func (b *binder) sampleDistinct(t *Tabular, o *syntax.SampleDistinct, en *env) *Tabular {
	d := b.distinct(t, &syntax.Distinct{Cols: []syntax.Expr{o.Of}}, en)
	return with(d, &Take{N: b.scalar(o.Count, &env{sc: en.sc})}, d.Columns)
}

func (b *binder) topHitters(t *Tabular, o *syntax.TopHitters, en *env) *Tabular {
	ofName, ok := exprName(o.Of)
	if !ok {
		b.errorf(pos(o.Of), msgUnsupported("top-hitters of an expression"))
		return t
	}
	of := b.scalar(o.Of, en)
	agg := Agg{Func: "count"}
	outName := "approximate_count_" + ofName
	if o.By != nil {
		byName, _ := exprName(o.By)
		agg = Agg{Func: "sum", Args: []Expr{b.scalar(o.By, en)}}
		outName = "approximate_sum_" + byName
	}
	types, mk, err := bindAgg(agg.Func, agg.Args)
	if err != nil {
		b.errorf(pos(o), err.Error())
		return t
	}
	agg.New = mk
	agg.Outputs = []Column{{Name: outName, Type: types[0]}}
	cols := []Column{{Name: ofName, Type: of.Type()}, agg.Outputs[0]}
	s := with(t, &Summarize{By: []Assign{{Name: ofName, Expr: of}}, Aggs: []Agg{agg}}, cols)
	key := &ColRef{exprBase{agg.Outputs[0].Type, pos(o)}, agg.Outputs[0].Name}
	return with(s, &Top{N: b.scalar(o.Count, &env{sc: en.sc}),
		Keys: []SortKey{{Expr: key, Desc: true}}}, cols)
}
