package syntax

// opParsers maps each pipe operator name to its parser; the operator word has
// already been taken and start is its offset.
var opParsers map[string]func(p *parser, start int) TabularOp

func init() {
	opParsers = map[string]func(p *parser, start int) TabularOp{
		"where": parseWhere, "filter": parseWhere,
		"extend": parseExtend, "project": parseProject,
		"project-away": parseProjectAway, "project-keep": parseProjectKeep,
		"project-rename": parseProjectRename, "project-reorder": parseProjectReorder,
		"sort": parseSort, "order": parseSort, "take": parseTake, "limit": parseTake,
		"top": parseTop, "top-nested": parseTopNested, "top-hitters": parseTopHitters,
		"count": parseCount, "distinct": parseDistinct, "summarize": parseSummarize,
		"join": parseJoin, "lookup": parseLookup, "union": parseUnion,
		"mv-expand": parseMvExpand, "mvexpand": parseMvExpand, "mv-apply": parseMvApply,
		"parse": parseParse, "parse-where": parseParse, "parse-kv": parseParseKV,
		"make-series": parseMakeSeries, "evaluate": parseEvaluate,
		"serialize": parseSerialize, "as": parseAs, "invoke": parseInvoke,
		"getschema": parseGetSchema, "sample": parseSample,
		"sample-distinct": parseSampleDistinct, "search": parseSearch, "find": parseFind,
		"render": parseRender, "scan": parseScan, "facet": parseFacet, "fork": parseFork,
		"partition": parsePartition, "reduce": parseReduce, "consume": parseConsume,
	}
}

// parseOp parses one pipeline stage starting at its operator word.
func (p *parser) parseOp() TabularOp {
	start := p.pos()
	t := p.tok()
	if t.kind != tIdent {
		p.fail(msgExpected("a query operator", t))
	}
	f := opParsers[t.text]
	if f == nil {
		if sourceWords[t.text] {
			p.fail(msgNotPipeOp(t.text))
		}
		p.fail(msgUnknownOperator(t.text))
	}
	p.next()
	return f(p, start)
}

func parseWhere(p *parser, start int) TabularOp {
	n := &Where{Pred: p.parsePredicate()}
	p.done(&n.base, start)
	return n
}

// parsePredicate parses a filter expression, catching `=` used for `==`.
func (p *parser) parsePredicate() Expr {
	x := p.parseExpr()
	if p.at("=") {
		p.fail(msgSingleEquals())
	}
	return x
}

func parseExtend(p *parser, start int) TabularOp {
	n := &Extend{Items: p.parseAssigns()}
	p.done(&n.base, start)
	return n
}

func parseProject(p *parser, start int) TabularOp {
	n := &Project{Items: p.parseAssigns()}
	p.done(&n.base, start)
	return n
}

func parseProjectAway(p *parser, start int) TabularOp {
	n := &ProjectAway{Cols: p.parseNamePatterns()}
	p.done(&n.base, start)
	return n
}

func parseProjectKeep(p *parser, start int) TabularOp {
	n := &ProjectKeep{Cols: p.parseNamePatterns()}
	p.done(&n.base, start)
	return n
}

func parseProjectRename(p *parser, start int) TabularOp {
	n := &ProjectRename{Items: p.parseAssigns()}
	p.done(&n.base, start)
	return n
}

func parseProjectReorder(p *parser, start int) TabularOp {
	n := &ProjectReorder{}
	for {
		s := p.pos()
		it := &ReorderItem{X: p.parseNamePattern()}
		it.Order = p.parseOrder(true)
		p.done(&it.base, s)
		n.Items = append(n.Items, it)
		if !p.accept(",") {
			break
		}
	}
	p.done(&n.base, start)
	return n
}

func parseSort(p *parser, start int) TabularOp {
	n := &Sort{Params: p.parseOpParams(hintParams)}
	p.expect("by")
	for {
		n.Keys = append(n.Keys, p.parseSortKey())
		if !p.accept(",") {
			break
		}
	}
	p.done(&n.base, start)
	return n
}

func parseTake(p *parser, start int) TabularOp {
	n := &Take{Count: p.parseExpr()}
	p.done(&n.base, start)
	return n
}

func parseTop(p *parser, start int) TabularOp {
	n := &Top{Count: p.parseExpr()}
	p.expect("by")
	n.By = p.parseSortKey()
	p.done(&n.base, start)
	return n
}

func parseTopHitters(p *parser, start int) TabularOp {
	n := &TopHitters{Count: p.parseExpr()}
	p.expect("of")
	n.Of = p.parseExpr()
	if p.accept("by") {
		n.By = p.parseExpr()
	}
	p.done(&n.base, start)
	return n
}

func parseCount(p *parser, start int) TabularOp {
	n := &Count{}
	p.done(&n.base, start)
	return n
}

func parseDistinct(p *parser, start int) TabularOp {
	n := &Distinct{Params: p.parseOpParams(hintParams)}
	for {
		n.Cols = append(n.Cols, p.parseDistinctCol())
		if !p.accept(",") {
			break
		}
	}
	p.done(&n.base, start)
	return n
}

// parseDistinctCol parses one column of distinct: '*' or an expression. Not
// a query expression: a '|' after the last column ends the operator.
func (p *parser) parseDistinctCol() Expr {
	start := p.pos()
	if p.at("*") {
		p.next()
		n := &Wildcard{Pattern: "*"}
		p.done(&n.base, start)
		return n
	}
	return p.parseExpr()
}

func parseSummarize(p *parser, start int) TabularOp {
	n := &Summarize{Params: p.parseOpParams(hintParams)}
	if !p.at("by") && !p.atStageEnd() {
		n.Aggs = p.parseAssigns()
	}
	if p.accept("by") {
		n.By = p.parseAssigns()
	}
	p.done(&n.base, start)
	return n
}

func parseJoin(p *parser, start int) TabularOp {
	n := &Join{Params: p.parseOpParams(joinParams)}
	n.Right = p.parseJoinRight()
	n.On = p.parseJoinOn()
	p.done(&n.base, start)
	return n
}

func parseLookup(p *parser, start int) TabularOp {
	n := &Lookup{Params: p.parseOpParams(joinParams)}
	n.Right = p.parseJoinRight()
	n.On = p.parseJoinOn()
	p.done(&n.base, start)
	return n
}

// parseJoinRight parses the right side of join/lookup: a name or (subquery).
func (p *parser) parseJoinRight() Expr {
	if p.tabularStart() {
		return p.parseSource()
	}
	return p.parsePostfix()
}

// parseJoinOn parses `on cond, ...`; `where` is accepted for `on` in join.
func (p *parser) parseJoinOn() []Expr {
	if !p.accept("where") {
		p.expect("on")
	}
	var out []Expr
	for {
		out = append(out, p.parsePredicate())
		if !p.accept(",") {
			return out
		}
	}
}

func parseUnion(p *parser, start int) TabularOp {
	n := &Union{Params: p.parseOpParams(unionParams)}
	for {
		if p.at("(") || p.tabularStart() {
			n.Tables = append(n.Tables, p.parseJoinRight())
		} else {
			n.Tables = append(n.Tables, p.parseTablePattern())
		}
		if !p.accept(",") {
			break
		}
	}
	p.done(&n.base, start)
	return n
}
