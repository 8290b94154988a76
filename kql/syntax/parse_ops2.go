package syntax

func parseMvExpand(p *parser, start int) TabularOp {
	legacy := p.toks[p.i-1].text == "mvexpand" // before the parameters move on
	n := &MvExpand{Legacy: legacy, Params: p.parseOpParams(mvParams)}
	n.Items = p.parseMvItems()
	if p.accept("limit") {
		n.Limit = p.parseExpr()
	}
	p.done(&n.base, start)
	return n
}

func parseMvApply(p *parser, start int) TabularOp {
	n := &MvApply{Params: p.parseOpParams(mvParams)}
	n.Items = p.parseMvItems()
	if p.accept("limit") {
		n.Limit = p.parseExpr()
	}
	p.expect("on")
	n.On = p.parseSubPipeline()
	p.done(&n.base, start)
	return n
}

func parseParse(p *parser, start int) TabularOp {
	// Read the operator's name before its parameters move the parser on.
	where := p.toks[p.i-1].text == "parse-where"
	n := &Parse{Where: where, Params: p.parseOpParams(parseOpts)}
	n.X = p.parseExpr()
	p.expect("with")
	for !p.atStageEnd() {
		s := p.pos()
		part := &ParsePart{}
		switch t := p.tok(); {
		case t.is("*"):
			p.next()
			part.Star = true
		case t.kind == tString:
			part.Text = p.parseString().(*StringLit)
		default:
			part.Column = p.parseColumnDecl(false, false)
		}
		p.done(&part.base, s)
		n.Pattern = append(n.Pattern, part)
	}
	p.done(&n.base, start)
	return n
}

func parseParseKV(p *parser, start int) TabularOp {
	n := &ParseKV{X: p.parseExpr()}
	p.expect("as")
	n.Keys, _ = p.parseSchema()
	if p.accept("with") {
		n.With = p.parseWithProps()
	}
	p.done(&n.base, start)
	return n
}

func parseMakeSeries(p *parser, start int) TabularOp {
	n := &MakeSeries{Params: p.parseOpParams(joinParams)}
	for {
		s := p.pos()
		a := &SeriesAgg{Agg: p.parseAssign()}
		if p.accept("default") {
			p.expect("=")
			a.Default = p.parseExpr()
		}
		p.done(&a.base, s)
		n.Aggs = append(n.Aggs, a)
		if !p.accept(",") {
			break
		}
	}
	p.expect("on")
	n.On = p.parseAdditive()
	if p.accept("in") {
		p.expect("range")
		p.expect("(")
		n.InRange = true
		n.From = p.parseExpr()
		p.expect(",")
		n.To = p.parseExpr()
		p.expect(",")
		n.Step = p.parseExpr()
		p.expect(")")
	} else {
		if p.accept("from") {
			n.From = p.parseExpr()
		}
		if p.accept("to") {
			n.To = p.parseExpr()
		}
		p.expect("step")
		n.Step = p.parseExpr()
	}
	if p.accept("by") {
		n.By = p.parseAssigns()
	}
	p.done(&n.base, start)
	return n
}

func parseEvaluate(p *parser, start int) TabularOp {
	n := &Evaluate{Params: p.parseOpParams(hintParams)}
	if p.tok().kind != tIdent || !p.peek(1).is("(") {
		p.fail(msgExpected("a plugin call", p.tok()))
	}
	n.Call = p.parseCall()
	if p.accept(":") {
		n.Schema, n.AnyCols = p.parseSchema()
		if n.Schema == nil {
			n.Schema = []*ColumnDecl{}
		}
	}
	p.done(&n.base, start)
	return n
}

func parseSerialize(p *parser, start int) TabularOp {
	n := &Serialize{}
	if !p.atStageEnd() {
		n.Items = p.parseAssigns()
	}
	p.done(&n.base, start)
	return n
}

func parseAs(p *parser, start int) TabularOp {
	n := &As{Params: p.parseOpParams(hintParams)}
	n.Name = p.ident()
	p.done(&n.base, start)
	return n
}

func parseInvoke(p *parser, start int) TabularOp {
	if p.tok().kind != tIdent || !p.peek(1).is("(") {
		p.fail(msgExpected("a function call", p.tok()))
	}
	n := &Invoke{Call: p.parseCall()}
	p.done(&n.base, start)
	return n
}

func parseGetSchema(p *parser, start int) TabularOp {
	n := &GetSchema{}
	p.done(&n.base, start)
	return n
}

func parseSample(p *parser, start int) TabularOp {
	n := &Sample{Count: p.parseExpr()}
	p.done(&n.base, start)
	return n
}

func parseSampleDistinct(p *parser, start int) TabularOp {
	n := &SampleDistinct{Count: p.parseExpr()}
	p.expect("of")
	n.Of = p.parseExpr()
	p.done(&n.base, start)
	return n
}

func parseSearch(p *parser, start int) TabularOp {
	n := &Search{Params: p.parseOpParams(searchParams)}
	n.Tables = p.parseInTables()
	p.inSearch = true
	n.Pred = p.parsePredicate()
	p.inSearch = false
	p.done(&n.base, start)
	return n
}

// parseInTables parses the optional `in (T1, T2*, ...)` of search and find.
func (p *parser) parseInTables() []Expr {
	if !p.at("in") || !p.peek(1).is("(") {
		return nil
	}
	p.next()
	p.next()
	var out []Expr
	for !p.at(")") {
		out = append(out, p.parseTablePattern())
		if !p.accept(",") {
			break
		}
	}
	p.expect(")")
	return out
}

func parseFind(p *parser, start int) TabularOp {
	n := &Find{Params: p.parseOpParams(searchParams)}
	n.Tables = p.parseInTables()
	p.accept("where")
	n.Pred = p.parsePredicate()
	if p.accept("project") {
		for {
			if p.at("*") || p.wildAhead() {
				n.Project = append(n.Project, p.parseNamePattern())
			} else {
				n.Project = append(n.Project, p.parseExpr())
			}
			if !p.accept(",") {
				break
			}
		}
	} else if p.accept("project-smart") {
		n.Project = []Expr{}
	}
	p.done(&n.base, start)
	return n
}

func parseRender(p *parser, start int) TabularOp {
	n := &Render{Chart: p.ident()}
	if p.accept("with") {
		n.With = p.parseWithProps()
	}
	p.done(&n.base, start)
	return n
}

func parseFacet(p *parser, start int) TabularOp {
	n := &Facet{}
	p.expect("by")
	n.By = p.parseNamePatterns()
	if p.accept("with") {
		if p.at("(") {
			n.With = p.parseSubPipeline()
		} else {
			s := p.pos()
			n.With = &Pipeline{Ops: []TabularOp{p.parseOp()}}
			p.done(&n.With.base, s)
		}
	}
	p.done(&n.base, start)
	return n
}

func parseFork(p *parser, start int) TabularOp {
	n := &Fork{}
	for p.at("(") {
		n.Branches = append(n.Branches, p.parseSubPipeline())
		n.Names = append(n.Names, "")
	}
	if len(n.Branches) == 0 {
		p.fail(msgExpected("'('", p.tok()))
	}
	p.done(&n.base, start)
	return n
}

func parsePartition(p *parser, start int) TabularOp {
	n := &Partition{Params: p.parseOpParams(hintParams)}
	p.expect("by")
	n.By = p.ident()
	if p.at("{") {
		n.Sub = p.parseBraced()
	} else {
		n.Sub = p.parseSubPipeline()
	}
	p.done(&n.base, start)
	return n
}

// parseBraced parses `{ query }` (partition's legacy form) into a Paren-like Pipeline.
func (p *parser) parseBraced() Expr {
	start := p.pos()
	p.expect("{")
	x := p.parseQueryExpr()
	p.expect("}")
	n := &Paren{X: x}
	p.done(&n.base, start)
	return n
}

func parseReduce(p *parser, start int) TabularOp {
	n := &Reduce{}
	p.expect("by")
	n.By = p.parseExpr()
	if p.accept("with") {
		for {
			n.With = append(n.With, p.parseOpParams(anyParam)...)
			if !p.accept(",") {
				break
			}
		}
	}
	p.done(&n.base, start)
	return n
}

func parseConsume(p *parser, start int) TabularOp {
	n := &Consume{Params: p.parseOpParams(anyParam)}
	p.done(&n.base, start)
	return n
}
