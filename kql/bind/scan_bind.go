package bind

import (
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/value"
)

// ScanOp is the scan operator: it matches rows against steps in order and
// outputs each matching row extended with the declared columns. Inside a
// step, Step.Col names the value of Col in that step's state; such
// references are ColRefs named "Step.Col" (see ScanStateName).
type ScanOp struct {
	// MatchID names the match-id column appended to the output, "" when
	// absent.
	MatchID string
	// Declare are the declared columns, appended to the input's, with
	// their defaults (typed nulls when not given).
	Declare  []Column
	Defaults []value.Value
	Steps    []ScanStep
}

// ScanStep is one step of scan.
type ScanStep struct {
	Name   string
	Output string // "all" (the default), "last" or "none"
	Pred   Expr
	// Assigns set declared columns: Assigns[i] sets Declare[Targets[i]].
	Assigns []Expr
	Targets []int
}

func (*ScanOp) isOp() {}

// ScanStateName is the column name under which a scan step expression
// reads col of step's state.
func ScanStateName(step, col string) string { return step + "." + col }

func (b *binder) scanOp(t *Tabular, o *syntax.Scan, sc *scope) *Tabular {
	s := &ScanOp{}
	if id, ok := paramValue(o.Params, "with_match_id"); ok {
		s.MatchID = id
	}
	cols := passCols(t.Columns)
	declared := map[string]int{}
	for _, d := range o.Declare {
		typ, ok := value.ParseType(d.Type)
		if !ok {
			b.errorf(pos(d), msgBadLiteral("type", d.Type))
			return t
		}
		def := value.Null(typ)
		if d.Default != nil {
			x := b.scalar(d.Default, &env{sc: sc})
			c, ok := x.(*Const)
			if !ok {
				b.errorf(pos(d.Default), msgNotConstant())
				return t
			}
			def = convertConst(c.V, typ)
		}
		declared[d.Name.Name] = len(s.Declare)
		s.Declare = append(s.Declare, Column{Name: d.Name.Name, Type: typ})
		s.Defaults = append(s.Defaults, def)
		cols = append(cols, Column{Name: d.Name.Name, Type: typ})
	}
	en := rowEnv(sc, cols)
	en.scanSteps = map[string]bool{}
	for _, st := range o.Steps {
		en.scanSteps[st.Name.Name] = true
	}
	for _, st := range o.Steps {
		step := ScanStep{Name: st.Name.Name, Output: st.Output}
		if step.Output == "" {
			step.Output = "all"
		}
		step.Pred = b.scalar(st.Pred, en)
		if pt := step.Pred.Type(); pt != value.Bool && pt != value.Dynamic &&
			pt != value.Invalid {
			b.errorf(pos(st.Pred), msgExpectedType("bool"))
		}
		for _, a := range st.Assigns {
			if len(a.Names) != 1 {
				b.errorf(pos(a), msgUnsupported("Assigning to several names"))
				continue
			}
			i, ok := declared[a.Names[0].Name]
			if !ok {
				b.errorf(pos(a.Names[0]), msgUnknownName(a.Names[0].Name))
				continue
			}
			x := b.scalar(a.Value, en)
			if x.Type() != s.Declare[i].Type && x.Type() != value.Invalid {
				x = &Cast{exprBase{s.Declare[i].Type, x.Pos()}, x}
			}
			step.Assigns = append(step.Assigns, x)
			step.Targets = append(step.Targets, i)
		}
		s.Steps = append(s.Steps, step)
	}
	markAll(t.Columns)
	if s.MatchID != "" {
		cols = append(cols, Column{Name: s.MatchID, Type: value.Long})
	}
	return with(t, s, cols)
}

// scanStateRef binds Step.Col inside a scan step.
func (b *binder) scanStateRef(e *syntax.Member, step string, en *env) Expr {
	c, ok := en.column(e.Name.Name)
	if !ok {
		b.errorf(pos(e.Name), msgUnknownName(e.Name.Name))
		return bad(pos(e))
	}
	mark(c)
	return &ColRef{exprBase{c.Type, pos(e)}, ScanStateName(step, c.Name)}
}
