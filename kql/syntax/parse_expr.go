package syntax

// Expression grammar, lowest precedence first: or; and; comparisons and string
// operators; + -; * / %; unary - +; postfix (.name, [index], calls).

// parseQueryExpr parses an expression that may be tabular: a tabular source or an
// expression, followed by `| operator` stages.
func (p *parser) parseQueryExpr() Expr {
	start := p.pos()
	p.enter()
	defer p.leave()
	var src Expr
	if p.tabularStart() {
		src = p.parseSource()
	} else {
		src = p.parseExpr()
	}
	if !p.at("|") {
		return src
	}
	n := &Pipeline{Source: src, Ops: p.parseOps()}
	p.done(&n.base, start)
	return n
}

func (p *parser) parseExpr() Expr {
	p.enter()
	defer p.leave()
	return p.parseOr()
}

func (p *parser) parseOr() Expr {
	start := p.pos()
	x := p.parseAnd()
	for p.at("or") {
		opPos := p.next().pos
		n := &Binary{Op: OpOr, OpPos: opPos, Left: x, Right: p.parseAnd()}
		p.done(&n.base, start)
		x = n
	}
	return x
}

func (p *parser) parseAnd() Expr {
	start := p.pos()
	x := p.parseCompare()
	for p.at("and") {
		opPos := p.next().pos
		n := &Binary{Op: OpAnd, OpPos: opPos, Left: x, Right: p.parseCompare()}
		p.done(&n.base, start)
		x = n
	}
	return x
}

// compareOps maps comparison and string operator spellings to operators.
var compareOps = map[string]Op{
	"==": OpEq, "!=": OpNe, "<>": OpNe, "<": OpLt, "<=": OpLe, ">": OpGt, ">=": OpGe,
	"=~": OpEqCI, "!~": OpNeCI,
	"in": OpIn, "!in": OpNotIn, "in~": OpInCI, "!in~": OpNotInCI,
	"has_any": OpHasAny, "has_all": OpHasAll,
	"has": OpHas, "!has": OpNotHas, "has_cs": OpHasCs, "!has_cs": OpNotHasCs,
	"hasprefix": OpHasPrefix, "!hasprefix": OpNotHasPrefix,
	"hasprefix_cs": OpHasPrefixCs, "!hasprefix_cs": OpNotHasPrefixCs,
	"hassuffix": OpHasSuffix, "!hassuffix": OpNotHasSuffix,
	"hassuffix_cs": OpHasSuffixCs, "!hassuffix_cs": OpNotHasSuffixCs,
	"contains": OpContains, "!contains": OpNotContains,
	"contains_cs": OpContainsCs, "!contains_cs": OpNotContainsCs,
	"containscs": OpContainsCs, "!containscs": OpNotContainsCs,
	"notcontains": OpNotContains, "notcontainscs": OpNotContainsCs,
	"startswith": OpStartsWith, "!startswith": OpNotStartsWith,
	"startswith_cs": OpStartsWithCs, "!startswith_cs": OpNotStartsWithCs,
	"endswith": OpEndsWith, "!endswith": OpNotEndsWith,
	"endswith_cs": OpEndsWithCs, "!endswith_cs": OpNotEndsWithCs,
	"like": OpLike, "!like": OpNotLike, "notlike": OpNotLike,
}

// compareOp reports the comparison operator at the current token, if any; width
// is its token count. between/!between report OpInvalid with between set.
func (p *parser) compareOp() (op Op, width int, between bool) {
	t := p.tok()
	switch t.kind {
	case tPunct, tIdent, tBang:
	default:
		return OpInvalid, 0, false
	}
	if p.inSearch && t.is(":") {
		return OpHas, 1, false
	}
	if t.is("matches") && p.peek(1).is("regex") {
		return OpMatchesRegex, 2, false
	}
	if t.text == "between" || t.text == "!between" || t.text == "notbetween" {
		return OpInvalid, 1, true
	}
	if op, ok := compareOps[t.text]; ok {
		return op, 1, false
	}
	return OpInvalid, 0, false
}

func (p *parser) parseCompare() Expr {
	start := p.pos()
	x := p.parseAdditive()
	{
		op, width, between := p.compareOp()
		if width == 0 {
			return x
		}
		opTok := p.tok()
		for range width {
			p.next()
		}
		switch {
		case between:
			x = p.parseBetween(start, x, opTok.text != "between")
		case op >= OpIn && op <= OpHasAll:
			x = p.parseInList(start, x, op, opTok.pos)
		default:
			if op >= OpHas && p.at("(") && p.parenHasComma() {
				p.fail(msgOneValue(opTok.text))
			}
			n := &Binary{Op: op, OpPos: opTok.pos, Left: x, Right: p.parseAdditive()}
			p.done(&n.base, start)
			x = n
		}
		if _, w, _ := p.compareOp(); w > 0 {
			p.fail(msgChainedComparison(p.tok().text))
		}
		return x
	}
}

// parenHasComma reports whether the parenthesis at the current token holds a
// comma at its top level.
func (p *parser) parenHasComma() bool {
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
				return false
			}
		case ",":
			if depth == 1 {
				return true
			}
		}
	}
	return false
}

func (p *parser) parseBetween(start int, x Expr, not bool) Expr {
	p.expect("(")
	n := &Between{Not: not, X: x, Lo: p.parseExpr()}
	p.expect("..")
	n.Hi = p.parseExpr()
	p.expect(")")
	p.done(&n.base, start)
	return n
}

// parseInList parses the `(items)` after in, !in, in~, !in~, has_any or has_all.
func (p *parser) parseInList(start int, x Expr, op Op, opPos int) Expr {
	n := &InExpr{Op: op, OpPos: opPos, X: x}
	p.expect("(")
	for {
		n.Items = append(n.Items, p.parseQueryExpr())
		if !p.accept(",") {
			break
		}
	}
	p.expect(")")
	p.done(&n.base, start)
	return n
}

func (p *parser) parseAdditive() Expr {
	start := p.pos()
	x := p.parseMultiplicative()
	for p.at("+") || p.at("-") {
		t := p.next()
		op := OpAdd
		if t.text == "-" {
			op = OpSub
		}
		n := &Binary{Op: op, OpPos: t.pos, Left: x, Right: p.parseMultiplicative()}
		p.done(&n.base, start)
		x = n
	}
	return x
}

func (p *parser) parseMultiplicative() Expr {
	start := p.pos()
	x := p.parseUnary()
	for p.at("*") || p.at("/") || p.at("%") {
		t := p.next()
		op := map[string]Op{"*": OpMul, "/": OpDiv, "%": OpMod}[t.text]
		n := &Binary{Op: op, OpPos: t.pos, Left: x, Right: p.parseUnary()}
		p.done(&n.base, start)
		x = n
	}
	return x
}

func (p *parser) parseUnary() Expr {
	if p.at("-") || p.at("+") {
		start := p.pos()
		p.enter()
		defer p.leave()
		op := OpNeg
		if p.next().text == "+" {
			op = OpPos
		}
		n := &Unary{Op: op, X: p.parseUnary()}
		p.done(&n.base, start)
		return n
	}
	return p.parsePostfix()
}

func (p *parser) parsePostfix() Expr {
	start := p.pos()
	x := p.parsePrimary()
	for {
		switch {
		case p.at(".") && p.peek(1).kind == tIdent && p.peek(2).is("("):
			p.next()
			c := p.parseCall()
			c.Target = x
			c.span.Start = start
			x = c
		case p.at(".") && p.peek(1).kind == tIdent:
			p.next()
			n := &Member{X: x, Name: p.ident()}
			p.done(&n.base, start)
			x = n
		case p.at(".") && p.peek(1).is("[") && p.peek(2).kind == tString:
			p.next()
			n := &Member{X: x, Name: p.ident()}
			p.done(&n.base, start)
			x = n
		case p.at("[") || p.at(".") && p.peek(1).is("["):
			p.accept(".")
			p.next()
			n := &Index{X: x, Index: p.parseExpr()}
			p.expect("]")
			p.done(&n.base, start)
			x = n
		default:
			return x
		}
	}
}
