package syntax

// parseNameOrCall parses a word in expression position: true/false, dynamic(...),
// typeof(...), a function call, or a name.
func (p *parser) parseNameOrCall() Expr {
	start := p.pos()
	t := p.tok()
	switch {
	case t.text == "true" || t.text == "false":
		p.next()
		n := &BoolLit{Value: t.text == "true"}
		p.done(&n.base, start)
		return n
	case t.text == "dynamic" && p.peek(1).is("("):
		p.next()
		p.next()
		n := &Dynamic{Value: p.parseDynValue()}
		p.expect(")")
		p.done(&n.base, start)
		return n
	case t.text == "typeof" && p.peek(1).is("("):
		p.next()
		n := &TypeOf{}
		if p.peek(2).is(":") || p.peek(2).is("*") {
			n.Schema, _ = p.parseSchema()
		} else {
			p.expect("(")
			n.Type = p.typeName()
			p.expect(")")
		}
		p.done(&n.base, start)
		return n
	case p.peek(1).is("("):
		return p.parseCall()
	}
	return p.refName()
}

// parseCall parses `name(args)`.
func (p *parser) parseCall() *Call {
	start := p.pos()
	p.enter()
	defer p.leave()
	if t := p.tok(); reservedWords[t.text]&resRef != 0 && !callableWords[t.text] {
		p.errorAt(t.pos, msgReservedName(t.text))
	}
	n := &Call{Name: p.ident()}
	p.expect("(")
	for !p.at(")") {
		n.Args = append(n.Args, p.parseArg())
		if !p.accept(",") {
			break
		}
	}
	p.expect(")")
	p.done(&n.base, start)
	return n
}

// parseArg parses one call argument: `*`, `name = value`, or an expression.
func (p *parser) parseArg() Expr {
	start := p.pos()
	if p.at("*") && (p.peek(1).is(")") || p.peek(1).is(",")) {
		p.next()
		n := &Wildcard{Pattern: "*"}
		p.done(&n.base, start)
		return n
	}
	if w, ok := p.atIdent(0); ok && p.peek(w).is("=") {
		n := &NamedArg{Name: p.ident()}
		p.next()
		n.Value = p.parseExpr()
		p.done(&n.base, start)
		return n
	}
	return p.parseQueryExpr()
}

// parseLiteral parses a literal value, as datatable rows require: a string, a
// number or timespan with an optional sign, a typed literal, a bool, or dynamic(...).
func (p *parser) parseLiteral() Expr {
	start := p.pos()
	t := p.tok()
	switch {
	case (t.is("-") || t.is("+")) && p.peek(1).kind == tNumber:
		p.next()
		return p.parseNumber(t.text == "-")
	case (t.is("-") || t.is("+")) && p.peek(1).kind == tTimespan:
		p.next()
		op := map[bool]Op{true: OpNeg, false: OpPos}[t.text == "-"]
		n := &Unary{Op: op, X: p.parsePrimary()}
		p.done(&n.base, start)
		return n
	case t.kind == tNumber || t.kind == tString || t.kind == tTyped || t.kind == tTimespan,
		t.is("true"), t.is("false"), t.is("dynamic") && p.peek(1).is("("):
		return p.parsePrimary()
	}
	p.fail(msgExpected("a literal value", t))
	return nil
}

// parseDynValue parses the contents of dynamic(...): JSON-like values whose
// scalars are KQL literals.
func (p *parser) parseDynValue() Expr {
	start := p.pos()
	p.enter()
	defer p.leave()
	t := p.tok()
	switch {
	case t.is("["):
		p.next()
		n := &DynArray{}
		for !p.at("]") {
			n.Elems = append(n.Elems, p.parseDynValue())
			if !p.accept(",") {
				break
			}
		}
		p.expect("]")
		p.done(&n.base, start)
		return n
	case t.is("{"):
		p.next()
		n := &DynBag{}
		for !p.at("}") {
			n.Entries = append(n.Entries, p.parseBagEntry())
			if !p.accept(",") {
				break
			}
		}
		p.expect("}")
		p.done(&n.base, start)
		return n
	case t.is("null"):
		p.next()
		n := &NullLit{}
		p.done(&n.base, start)
		return n
	case t.is("dynamic") && p.peek(1).is("("):
		return p.parseNameOrCall()
	case t.is("-") && p.peek(1).kind == tNumber:
		p.next()
		return p.parseNumber(true)
	case t.kind == tNumber || t.kind == tString || t.kind == tTyped || t.kind == tTimespan,
		t.is("true"), t.is("false"):
		return p.parsePrimary()
	}
	p.fail(msgBadDynamic(t))
	return nil
}

func (p *parser) parseBagEntry() *BagEntry {
	start := p.pos()
	t := p.tok()
	n := &BagEntry{}
	if t.kind != tString {
		p.fail(msgExpected("a quoted property name", t))
	}
	n.Key = t.val
	p.next()
	p.expect(":")
	n.Value = p.parseDynValue()
	p.done(&n.base, start)
	return n
}
