package syntax

func (p *printer) op(n Node) bool {
	switch n := n.(type) {
	case *Where:
		p.str("where ")
		p.node(n.Pred)
	case *Extend:
		p.str("extend ")
		list(p, n.Items, ", ")
	case *Project:
		p.str("project ")
		list(p, n.Items, ", ")
	case *ProjectAway:
		p.str("project-away ")
		list(p, n.Cols, ", ")
	case *ProjectKeep:
		p.str("project-keep ")
		list(p, n.Cols, ", ")
	case *ProjectRename:
		p.str("project-rename ")
		list(p, n.Items, ", ")
	case *ProjectReorder:
		p.str("project-reorder ")
		list(p, n.Items, ", ")
	case *Sort:
		p.str("sort")
		p.params(n.Params)
		p.str(" by ")
		list(p, n.Keys, ", ")
	case *Take:
		p.str("take ")
		p.node(n.Count)
	case *Top:
		p.str("top ")
		p.node(n.Count)
		p.str(" by ")
		p.node(n.By)
	case *TopNested:
		list(p, n.Levels, ", ")
	case *TopHitters:
		p.str("top-hitters ")
		p.node(n.Count)
		p.str(" of ")
		p.node(n.Of)
		if n.By != nil {
			p.str(" by ")
			p.node(n.By)
		}
	case *Count:
		p.str("count")
	case *Distinct:
		p.str("distinct")
		p.params(n.Params)
		p.str(" ")
		list(p, n.Cols, ", ")
	case *Summarize:
		p.str("summarize")
		p.params(n.Params)
		if len(n.Aggs) > 0 {
			p.str(" ")
			list(p, n.Aggs, ", ")
		}
		if len(n.By) > 0 {
			p.str(" by ")
			list(p, n.By, ", ")
		}
	case *Join:
		p.str("join")
		p.joinTail(n.Params, n.Right, n.On)
	case *Lookup:
		p.str("lookup")
		p.joinTail(n.Params, n.Right, n.On)
	case *Union:
		p.str("union")
		p.params(n.Params)
		p.str(" ")
		list(p, n.Tables, ", ")
	default:
		return p.op2(n)
	}
	return true
}

func (p *printer) joinTail(params []*OpParam, right Expr, on []Expr) {
	p.params(params)
	p.str(" ")
	p.node(right)
	p.str(" on ")
	list(p, on, ", ")
}

func (p *printer) op2(n Node) bool {
	switch n := n.(type) {
	case *MvExpand:
		if n.Legacy {
			p.str("mvexpand")
		} else {
			p.str("mv-expand")
		}
		p.params(n.Params)
		p.str(" ")
		list(p, n.Items, ", ")
		p.limit(n.Limit)
	case *MvApply:
		p.str("mv-apply")
		p.params(n.Params)
		p.str(" ")
		list(p, n.Items, ", ")
		p.limit(n.Limit)
		p.str(" on ")
		p.sub(n.On)
	case *Parse:
		if n.Where {
			p.str("parse-where")
		} else {
			p.str("parse")
		}
		p.params(n.Params)
		p.str(" ")
		p.node(n.X)
		p.str(" with")
		for _, x := range n.Pattern {
			p.str(" ")
			p.node(x)
		}
	case *ParseKV:
		p.str("parse-kv ")
		p.node(n.X)
		p.str(" as ")
		p.schema(n.Keys, false)
		p.with(n.With)
	case *MakeSeries:
		p.makeSeries(n)
	case *Evaluate:
		p.str("evaluate")
		p.params(n.Params)
		p.str(" ")
		p.node(n.Call)
		if n.Schema != nil {
			p.str(" : ")
			p.schema(n.Schema, n.AnyCols)
		}
	case *Serialize:
		p.str("serialize")
		if len(n.Items) > 0 {
			p.str(" ")
			list(p, n.Items, ", ")
		}
	case *As:
		p.str("as")
		p.params(n.Params)
		p.str(" ")
		p.node(n.Name)
	case *Invoke:
		p.str("invoke ")
		p.node(n.Call)
	case *GetSchema:
		p.str("getschema")
	case *Sample:
		p.str("sample ")
		p.node(n.Count)
	case *SampleDistinct:
		p.str("sample-distinct ")
		p.node(n.Count)
		p.str(" of ")
		p.node(n.Of)
	default:
		return p.op3(n)
	}
	return true
}

func (p *printer) limit(x Expr) {
	if x != nil {
		p.str(" limit ")
		p.node(x)
	}
}

func (p *printer) makeSeries(n *MakeSeries) {
	p.str("make-series")
	p.params(n.Params)
	p.str(" ")
	list(p, n.Aggs, ", ")
	p.str(" on ")
	p.node(n.On)
	if n.InRange {
		p.str(" in range(")
		list(p, []Expr{n.From, n.To, n.Step}, ", ")
		p.str(")")
	} else {
		if n.From != nil {
			p.str(" from ")
			p.node(n.From)
		}
		if n.To != nil {
			p.str(" to ")
			p.node(n.To)
		}
		p.str(" step ")
		p.node(n.Step)
	}
	if len(n.By) > 0 {
		p.str(" by ")
		list(p, n.By, ", ")
	}
}
