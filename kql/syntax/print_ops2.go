package syntax

func (p *printer) op3(n Node) bool {
	switch n := n.(type) {
	case *Search:
		p.str("search")
		p.params(n.Params)
		p.inTables(n.Tables)
		p.str(" ")
		p.node(n.Pred)
	case *Find:
		p.str("find")
		p.params(n.Params)
		p.inTables(n.Tables)
		p.str(" where ")
		p.node(n.Pred)
		if n.Project != nil {
			if len(n.Project) == 0 {
				p.str(" project-smart")
			} else {
				p.str(" project ")
				list(p, n.Project, ", ")
			}
		}
	case *Render:
		p.str("render ")
		p.node(n.Chart)
		p.with(n.With)
	case *Scan:
		p.str("scan")
		p.params(n.Params)
		if len(n.Declare) > 0 {
			p.str(" declare (")
			list(p, n.Declare, ", ")
			p.str(")")
		}
		p.str(" with (")
		list(p, n.Steps, "; ")
		p.str(")")
	case *Facet:
		p.str("facet by ")
		list(p, n.By, ", ")
		if n.With != nil {
			p.str(" with ")
			p.sub(n.With)
		}
	case *Fork:
		p.str("fork")
		for _, b := range n.Branches {
			p.str(" ")
			p.sub(b)
		}
	case *Partition:
		p.str("partition")
		p.params(n.Params)
		p.str(" by ")
		p.node(n.By)
		p.str(" ")
		if x, ok := n.Sub.(*Paren); ok {
			p.str("{")
			p.node(x.X)
			p.str("}")
		} else {
			p.sub(n.Sub)
		}
	case *Reduce:
		p.str("reduce by ")
		p.node(n.By)
		if len(n.With) > 0 {
			p.str(" with ")
			list(p, n.With, ", ")
		}
	case *Consume:
		p.str("consume")
		p.params(n.Params)
	default:
		return false
	}
	return true
}

func (p *printer) inTables(ts []Expr) {
	if len(ts) > 0 {
		p.str(" in (")
		list(p, ts, ", ")
		p.str(")")
	}
}

// part prints the pieces of operators that are not operators themselves.
func (p *printer) part(n Node) bool {
	switch n := n.(type) {
	case *Assign:
		switch len(n.Names) {
		case 0:
		case 1:
			p.node(n.Names[0])
			p.str(" = ")
		default:
			p.str("(")
			list(p, n.Names, ", ")
			p.str(") = ")
		}
		p.node(n.Value)
	case *SortKey:
		p.node(n.X)
		p.str(orderText[n.Order], nullsText[n.Nulls])
	case *OpParam:
		p.str(n.Name, "=")
		p.node(n.Value)
	case *ParsePart:
		switch {
		case n.Star:
			p.str("*")
		case n.Text != nil:
			p.node(n.Text)
		default:
			p.node(n.Column)
		}
	case *MvExpandItem:
		if n.Name != nil {
			p.node(n.Name)
			p.str(" = ")
		}
		p.node(n.X)
		if n.To != "" {
			p.str(" to typeof(", n.To, ")")
		}
	case *SeriesAgg:
		p.node(n.Agg)
		if n.Default != nil {
			p.str(" default = ")
			p.node(n.Default)
		}
	case *TopNestedLevel:
		p.str("top-nested ")
		if n.Count != nil {
			p.node(n.Count)
			p.str(" ")
		}
		p.str("of ")
		p.node(n.Of)
		if n.Others != nil {
			p.str(" with others = ")
			p.node(n.Others)
		}
		p.str(" by ")
		p.node(n.By)
		p.str(orderText[n.Order])
	case *ScanStep:
		p.str("step ")
		p.node(n.Name)
		if n.Output != "" {
			p.str(" output=", n.Output)
		}
		p.str(": ")
		p.node(n.Pred)
		if len(n.Assigns) > 0 {
			p.str(" => ")
			list(p, n.Assigns, ", ")
		}
	case *ReorderItem:
		p.node(n.X)
		p.str(orderText[n.Order])
	default:
		return false
	}
	return true
}
