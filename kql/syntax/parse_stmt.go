package syntax

// parseStatements parses `;`-separated statements up to the end, or up to the
// closing token close (e.g. "}") when it is not "". One `;` may end each statement.
func (p *parser) parseStatements(close string) []Statement {
	var out []Statement
	for {
		if p.tok().kind == tEOF || close != "" && p.at(close) {
			return out
		}
		if p.at(";") {
			p.errorAt(p.pos(), msgExpected("a statement", p.tok()))
			p.next()
			continue
		}
		before := p.i
		var s Statement
		if p.guard(func() { s = p.parseStatement() }) {
			out = append(out, s)
		} else {
			p.i = before // rescan the statement so its brackets are balanced
			p.syncStatement(close)
		}
		if p.accept(";") || p.tok().kind == tEOF || close != "" && p.at(close) {
			continue
		}
		p.errorAt(p.pos(), msgUnexpectedAfterQuery(p.tok()))
		if p.i == before {
			p.next()
		}
		p.syncStatement(close)
		p.accept(";")
	}
}

// syncStatement skips to the next `;` after a failed statement, passing over
// unmatched closing brackets (except close) so one fault reports one error.
func (p *parser) syncStatement(close string) {
	for {
		p.sync(false)
		t := p.tok()
		if t.kind != tPunct || !isCloser(t.text) || t.text == close {
			return
		}
		p.next()
	}
}

func isCloser(s string) bool { return s == ")" || s == "]" || s == "}" }

func (p *parser) parseStatement() Statement {
	start := p.pos()
	switch {
	case p.at("let") && p.peek(1).kind == tIdent || p.at("let") && p.peek(1).is("["):
		p.next()
		n := &LetStmt{Name: p.declName()}
		p.expect("=")
		n.Value = p.parseLetValue()
		p.done(&n.base, start)
		return n
	case p.at("declare") && p.peek(1).is("query_parameters"):
		p.next()
		p.next()
		n := &DeclareStmt{Params: p.parseParams()}
		p.done(&n.base, start)
		return n
	case p.at("set") && p.peek(1).kind == tIdent && !p.peek(1).is("in"):
		p.next()
		n := &SetStmt{Name: p.dottedName()}
		if p.accept("=") {
			n.Value = p.parseExpr()
		}
		p.done(&n.base, start)
		return n
	}
	n := &ExprStmt{X: p.parseQueryExpr()}
	p.done(&n.base, start)
	return n
}

// dottedName reads name(.name)* and returns it as written.
func (p *parser) dottedName() string {
	t := p.tok()
	if t.kind != tIdent {
		p.fail(msgExpected("a name", t))
	}
	name := p.next().text
	for p.at(".") && p.peek(1).kind == tIdent {
		p.next()
		name += "." + p.next().text
	}
	return name
}

// parseLetValue parses what follows `let name =`: a function, a view, or an expression.
func (p *parser) parseLetValue() Expr {
	if p.at("view") && p.peek(1).is("(") || p.at("(") && p.funcAhead() {
		return p.parseFuncDecl()
	}
	return p.parseQueryExpr()
}

// funcAhead reports whether the `(` at the current token closes and is followed by `{`.
func (p *parser) funcAhead() bool {
	depth := 0
	for j := p.i; j < len(p.toks); j++ {
		t := p.toks[j]
		if t.kind != tPunct {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
			if depth == 0 {
				return j+1 < len(p.toks) && p.toks[j+1].is("{")
			}
		}
	}
	return false
}

func (p *parser) parseFuncDecl() *FuncDecl {
	start := p.pos()
	p.enter()
	defer p.leave()
	n := &FuncDecl{View: p.accept("view")}
	n.Params = p.parseParams()
	p.expect("{")
	n.Body = p.parseStatements("}")
	p.expect("}")
	p.done(&n.base, start)
	return n
}

// parseParams parses `(name:type [= default], T:(col:type, ...), ...)`.
func (p *parser) parseParams() []*Param {
	p.expect("(")
	var out []*Param
	for !p.at(")") {
		start := p.pos()
		n := &Param{Name: p.declName()}
		p.expect(":")
		if p.at("(") {
			n.Tabular = true
			n.Schema, n.AnyCols = p.parseSchema()
		} else {
			n.Type = p.typeName()
		}
		if p.accept("=") {
			n.Default = p.parseExpr()
		}
		p.done(&n.base, start)
		out = append(out, n)
		if !p.accept(",") {
			break
		}
	}
	p.expect(")")
	return out
}

// typeName reads a scalar type name such as string or datetime.
func (p *parser) typeName() string {
	t := p.tok()
	if t.kind != tIdent {
		p.fail(msgExpected("a type name", t))
	}
	p.next()
	return t.text
}

// parseSchema parses `(col:type, ...)`, allowing `*` (reported in anyCols).
func (p *parser) parseSchema() (cols []*ColumnDecl, anyCols bool) {
	p.expect("(")
	for !p.at(")") {
		if p.accept("*") {
			anyCols = true
		} else {
			cols = append(cols, p.parseColumnDecl(true, false))
		}
		if !p.accept(",") {
			break
		}
	}
	p.expect(")")
	return cols, anyCols
}

// parseColumnDecl parses `name:type [= default]`; the type is optional unless
// needType, the default is taken only when withDefault.
func (p *parser) parseColumnDecl(needType, withDefault bool) *ColumnDecl {
	start := p.pos()
	n := &ColumnDecl{Name: p.declName()}
	if needType || p.at(":") {
		p.expect(":")
		n.Type = p.typeName()
	}
	if withDefault && p.accept("=") {
		n.Default = p.parseExpr()
	}
	p.done(&n.base, start)
	return n
}
