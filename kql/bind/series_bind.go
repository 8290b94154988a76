package bind

import (
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/value"
)

// MakeSeries is make-series: per group of By, one array per aggregation
// with an element per Step-wide bin of Axis over [From, To), and the axis
// itself as an array.
type MakeSeries struct {
	By             []Assign
	Aggs           []Agg
	Defaults       []value.Value
	Axis           Expr
	AxisName       string
	From, To, Step Expr // From and To may be nil: the data's range
}

func (*MakeSeries) isOp() {}

func (b *binder) makeSeries(t *Tabular, o *syntax.MakeSeries, en *env) *Tabular {
	nm := newNamer(nil)
	fresh := map[string]bool{}
	m := &MakeSeries{}
	var cols []Column
	for _, it := range o.By {
		x := b.scalar(it.Value, en)
		name := b.itemName(it, nm, fresh)
		if name == "" {
			continue
		}
		m.By = append(m.By, Assign{Name: name, Expr: x})
		cols = append(cols, Column{Name: name, Type: x.Type()})
	}
	for _, sa := range o.Aggs {
		call, ok := unparen(sa.Agg.Value).(*syntax.Call)
		if !ok || !isAggregate(call.Name.Name) {
			b.errorf(pos(sa.Agg.Value), msgNotAggregate())
			continue
		}
		agg, ok := b.aggregate(call, sa.Agg, en, nm, nil)
		if !ok {
			continue
		}
		def := value.NewLong(0)
		if sa.Default != nil {
			if c, ok := b.scalar(sa.Default, en).(*Const); ok {
				def = c.V
			} else {
				b.errorf(pos(sa.Default), msgNotConstant())
			}
		}
		m.Aggs = append(m.Aggs, agg)
		m.Defaults = append(m.Defaults, def)
		for _, c := range agg.Outputs {
			cols = append(cols, Column{Name: c.Name, Type: value.Dynamic})
		}
	}
	m.Axis = b.scalar(o.On, en)
	m.AxisName, _ = exprName(o.On)
	if m.AxisName == "" {
		m.AxisName = nm.column()
	}
	m.AxisName = nm.unique(m.AxisName)
	se := &env{sc: en.sc}
	if o.From != nil {
		m.From = b.scalar(o.From, se)
	}
	if o.To != nil {
		m.To = b.scalar(o.To, se)
	}
	m.Step = b.scalar(o.Step, se)
	cols = append(cols, Column{Name: m.AxisName, Type: value.Dynamic})
	return with(t, m, cols)
}
