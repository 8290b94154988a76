package bind

// pushBelowJoin moves a filter on left columns only below an innerunique
// join, as Kusto's engine does: the filter then runs before the left side
// is deduplicated, which changes which left row survives (docs
// join-innerunique.md shows it).
func pushBelowJoin(t *Tabular, pred Expr) (*Tabular, bool) {
	n := len(t.Ops)
	if n == 0 {
		return nil, false
	}
	j, ok := t.Ops[n-1].(*Join)
	if !ok || j.Kind != "innerunique" {
		return nil, false
	}
	left := map[string]bool{}
	for _, c := range j.Out {
		if !c.Right && c.Src == c.Name {
			left[c.Name] = true
		}
	}
	pure := true
	walk(pred, func(e Expr) {
		switch e := e.(type) {
		case *ColRef:
			pure = pure && left[e.Name]
		case *ToScalar, *WindowFn:
			pure = false
		case *In:
			pure = pure && e.Sub == nil
		case *HasAny:
			pure = pure && e.Sub == nil
		}
	})
	if !pure {
		return nil, false
	}
	below := &Tabular{Source: t.Source, Ops: append(t.Ops[:n-1:n-1], &Where{Pred: pred})}
	return &Tabular{Source: t.Source, Ops: append(below.Ops, j), Columns: t.Columns}, true
}

// walk visits e and its sub-expressions.
func walk(e Expr, visit func(Expr)) {
	if e == nil {
		return
	}
	visit(e)
	var kids []Expr
	switch e := e.(type) {
	case *Call:
		kids = e.Args
	case *Logic:
		kids = e.Args
	case *Not:
		kids = []Expr{e.X}
	case *Binary:
		kids = []Expr{e.L, e.R}
	case *In:
		kids = append([]Expr{e.X}, e.Exprs...)
	case *HasAny:
		kids = append([]Expr{e.X}, e.Exprs...)
	case *Between:
		kids = []Expr{e.X, e.Lo, e.Hi}
	case *Member:
		kids = []Expr{e.X}
	case *Index:
		kids = []Expr{e.X, e.I}
	case *Cond:
		kids = append(append([]Expr{}, e.Conds...), e.Vals...)
	case *Cast:
		kids = []Expr{e.X}
	case *WindowFn:
		kids = e.Args
	}
	for _, k := range kids {
		walk(k, visit)
	}
}
