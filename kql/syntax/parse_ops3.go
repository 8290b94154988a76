package syntax

func parseTopNested(p *parser, start int) TabularOp {
	n := &TopNested{}
	lstart := start
	for {
		l := &TopNestedLevel{}
		if !p.at("of") {
			l.Count = p.parseExpr()
		}
		p.expect("of")
		l.Of = p.parseAssign()
		if p.accept("with") {
			p.expect("others")
			p.expect("=")
			l.Others = p.parseExpr()
		}
		p.expect("by")
		l.By = p.parseAssign()
		l.Order = p.parseOrder(false)
		p.done(&l.base, lstart)
		n.Levels = append(n.Levels, l)
		if !p.at(",") || !p.peek(1).is("top-nested") {
			break
		}
		p.next()
		lstart = p.next().pos
	}
	p.done(&n.base, start)
	return n
}

func parseScan(p *parser, start int) TabularOp {
	n := &Scan{Params: p.parseOpParams(scanParams)}
	if p.accept("declare") {
		p.expect("(")
		for !p.at(")") {
			n.Declare = append(n.Declare, p.parseColumnDecl(true, true))
			if !p.accept(",") {
				break
			}
		}
		p.expect(")")
	}
	p.expect("with")
	p.expect("(")
	for p.at("step") {
		n.Steps = append(n.Steps, p.parseScanStep())
		if !p.accept(";") {
			break
		}
	}
	p.expect(")")
	p.done(&n.base, start)
	return n
}

func (p *parser) parseScanStep() *ScanStep {
	start := p.pos()
	p.expect("step")
	n := &ScanStep{Name: p.ident()}
	if p.accept("output") {
		p.expect("=")
		t := p.tok()
		if !t.is("all") && !t.is("last") && !t.is("none") {
			p.fail(msgExpected("all, last or none", t))
		}
		n.Output = p.next().text
	}
	p.expect(":")
	n.Pred = p.parseExpr()
	if p.accept("=>") {
		n.Assigns = p.parseAssigns()
	}
	p.done(&n.base, start)
	return n
}
