package syntax

// sourceWords are the words that start a tabular expression.
var sourceWords = map[string]bool{
	"datatable": true, "print": true, "range": true, "union": true, "externaldata": true,
	"external_data": true, "evaluate": true, "search": true, "find": true,
}

// notAfterSourceWord lists tokens that show a source word is used as a name.
var notAfterSourceWord = map[string]bool{
	"|": true, ")": true, ",": true, ";": true, "==": true, "!=": true, "=": true,
	".": true, "<": true, ">": true, "<=": true, ">=": true, "=~": true, "!~": true,
	"]": true, "}": true, "/": true, "%": true, "..": true,
}

// tabularStart reports whether the current token starts a tabular source.
func (p *parser) tabularStart() bool {
	t := p.tok()
	if t.kind != tIdent || !sourceWords[t.text] {
		return false
	}
	nx := p.peek(1)
	if nx.kind == tEOF || nx.kind == tPunct && notAfterSourceWord[nx.text] {
		return false
	}
	switch t.text {
	case "datatable", "externaldata", "external_data":
		return nx.is("(")
	case "range":
		return nx.kind == tIdent && p.peek(2).is("from")
	case "print":
		return true
	case "find", "search":
		if nx.is("in") && p.peek(2).is("(") {
			return true
		}
	}
	return nx.kind != tBang && !(nx.kind == tIdent && compareOps[nx.text] != OpInvalid)
}

// parseSource parses a tabular source that starts with a keyword.
func (p *parser) parseSource() Expr {
	start := p.pos()
	switch p.tok().text {
	case "datatable":
		p.next()
		n := &Datatable{}
		n.Columns, _ = p.parseSchema()
		p.expect("[")
		for !p.at("]") {
			n.Values = append(n.Values, p.parseLiteral())
			if !p.accept(",") {
				break
			}
		}
		p.expect("]")
		p.done(&n.base, start)
		return n
	case "print":
		p.next()
		p.lenient = true // Kusto takes most keywords as print column names
		n := &Print{Items: p.parseAssigns()}
		p.lenient = false
		p.done(&n.base, start)
		return n
	case "range":
		p.next()
		n := &Range{Name: p.declName()}
		p.expect("from")
		n.From = p.parseExpr()
		p.expect("to")
		n.To = p.parseExpr()
		p.expect("step")
		n.Step = p.parseExpr()
		p.done(&n.base, start)
		return n
	case "externaldata", "external_data":
		p.next()
		n := &ExternalData{}
		n.Columns, _ = p.parseSchema()
		n.URLs = p.parseBracketList()
		if p.at("with") && p.peek(1).is("(") {
			p.next()
			n.With = p.parseWithProps()
		}
		p.done(&n.base, start)
		return n
	}
	return p.parseOp().(Expr) // union, evaluate, search, find
}

// parseBracketList parses `[expr, ...]`.
func (p *parser) parseBracketList() []Expr {
	p.expect("[")
	var out []Expr
	for !p.at("]") {
		out = append(out, p.parseExpr())
		if !p.accept(",") {
			break
		}
	}
	p.expect("]")
	return out
}

// parseWithProps parses `(name = value, ...)` after `with`.
func (p *parser) parseWithProps() []*OpParam {
	p.expect("(")
	var out []*OpParam
	for !p.at(")") {
		start := p.pos()
		n := &OpParam{Name: p.dottedName()}
		p.expect("=")
		n.Value = p.parseExpr()
		p.done(&n.base, start)
		out = append(out, n)
		if !p.accept(",") {
			break
		}
	}
	p.expect(")")
	return out
}

// parseOps parses `| op | op ...`, recovering at the next `|` (outside the
// failed stage's brackets) after an error.
func (p *parser) parseOps() []TabularOp {
	var ops []TabularOp
	for p.accept("|") {
		var op TabularOp
		start := p.i
		if p.guard(func() { op = p.parseOp() }) {
			ops = append(ops, op)
			if !p.atStageEnd() {
				p.guard(func() { p.fail(msgUnexpectedAfterQuery(p.tok())) })
				p.sync(true)
			}
		} else {
			p.i = start // rescan the stage so brackets opened in it are balanced
			p.sync(true)
		}
	}
	return ops
}

// atStageEnd reports whether the current token may follow a pipeline stage.
func (p *parser) atStageEnd() bool {
	t := p.tok()
	return t.kind == tEOF || t.kind == tPunct && (t.text == "|" || t.text == ";" ||
		isCloser(t.text) || t.text == ",")
}

// parseSubPipeline parses `(op | op ...)`: a pipeline whose input is implicit.
func (p *parser) parseSubPipeline() *Pipeline {
	p.enter()
	defer p.leave()
	p.expect("(")
	start := p.pos()
	n := &Pipeline{}
	n.Ops = append(n.Ops, p.parseOp())
	n.Ops = append(n.Ops, p.parseOps()...)
	p.done(&n.base, start)
	p.expect(")")
	return n
}
