package syntax

func opChildren(n Node) []Node {
	var c kids
	switch n := n.(type) {
	case *Where:
		c.add(n.Pred)
	case *Extend:
		addAll(&c, n.Items)
	case *Project:
		addAll(&c, n.Items)
	case *ProjectAway:
		addAll(&c, n.Cols)
	case *ProjectKeep:
		addAll(&c, n.Cols)
	case *ProjectRename:
		addAll(&c, n.Items)
	case *ProjectReorder:
		addAll(&c, n.Items)
	case *Sort:
		addAll(&c, n.Params)
		addAll(&c, n.Keys)
	case *Take:
		c.add(n.Count)
	case *Top:
		c.add(n.Count, n.By)
	case *TopNested:
		addAll(&c, n.Levels)
	case *TopHitters:
		c.add(n.Count, n.Of, n.By)
	case *Count:
		c.add(n.As)
	case *Distinct:
		addAll(&c, n.Params)
		addAll(&c, n.Cols)
	case *Summarize:
		addAll(&c, n.Params)
		addAll(&c, n.Aggs)
		addAll(&c, n.By)
	case *Join:
		addAll(&c, n.Params)
		c.add(n.Right)
		addAll(&c, n.On)
	case *Lookup:
		addAll(&c, n.Params)
		c.add(n.Right)
		addAll(&c, n.On)
	case *Union:
		addAll(&c, n.Params)
		addAll(&c, n.Tables)
	case *MvExpand:
		addAll(&c, n.Params)
		addAll(&c, n.Items)
		c.add(n.Limit)
	case *MvApply:
		addAll(&c, n.Params)
		addAll(&c, n.Items)
		c.add(n.Limit, n.On)
	case *Parse:
		addAll(&c, n.Params)
		c.add(n.X)
		addAll(&c, n.Pattern)
	case *ParseKV:
		c.add(n.X)
		addAll(&c, n.Keys)
		addAll(&c, n.With)
	case *MakeSeries:
		addAll(&c, n.Params)
		addAll(&c, n.Aggs)
		c.add(n.On, n.From, n.To, n.Step)
		addAll(&c, n.By)
	case *Evaluate:
		addAll(&c, n.Params)
		c.add(n.Call)
		addAll(&c, n.Schema)
	case *Serialize:
		addAll(&c, n.Items)
	case *As:
		addAll(&c, n.Params)
		c.add(n.Name)
	case *Invoke:
		c.add(n.Call)
	case *Sample:
		c.add(n.Count)
	case *SampleDistinct:
		c.add(n.Count, n.Of)
	case *Search:
		addAll(&c, n.Params)
		addAll(&c, n.Tables)
		c.add(n.Pred)
	case *Find:
		addAll(&c, n.Params)
		addAll(&c, n.Tables)
		c.add(n.Pred)
		addAll(&c, n.Project)
	case *Render:
		c.add(n.Chart)
		addAll(&c, n.With)
	case *Scan:
		addAll(&c, n.Params)
		addAll(&c, n.Declare)
		addAll(&c, n.Steps)
	case *Facet:
		addAll(&c, n.By)
		c.add(n.With)
	case *Fork:
		addAll(&c, n.Branches)
	case *Partition:
		addAll(&c, n.Params)
		c.add(n.By, n.Sub)
	case *Reduce:
		c.add(n.By)
		addAll(&c, n.With)
	case *Consume:
		addAll(&c, n.Params)
	default:
		return partChildren(n)
	}
	return c.list
}

func partChildren(n Node) []Node {
	var c kids
	switch n := n.(type) {
	case *Assign:
		addAll(&c, n.Names)
		c.add(n.Value)
	case *SortKey:
		c.add(n.X)
	case *OpParam:
		c.add(n.Value)
	case *ParsePart:
		c.add(n.Text, n.Column)
	case *MvExpandItem:
		c.add(n.Name, n.X)
	case *SeriesAgg:
		c.add(n.Agg, n.Default)
	case *TopNestedLevel:
		c.add(n.Count, n.Of, n.Others, n.By)
	case *ScanStep:
		c.add(n.Name, n.Pred)
		addAll(&c, n.Assigns)
	case *ReorderItem:
		c.add(n.X)
	}
	return c.list
}
