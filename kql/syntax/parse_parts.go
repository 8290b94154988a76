package syntax

import "strings"

// Parameter filters for operators taking `name=value` parameters.
func hintParams(name string) bool { return strings.HasPrefix(name, "hint.") }
func joinParams(name string) bool { return name == "kind" || hintParams(name) }
func unionParams(name string) bool {
	return name == "kind" || name == "withsource" || name == "isfuzzy" || hintParams(name)
}
func mvParams(name string) bool {
	return name == "bagexpansion" || name == "with_itemindex" || name == "kind"
}
func parseOpts(name string) bool { return name == "kind" || name == "flags" }
func searchParams(name string) bool {
	return name == "kind" || name == "withsource" || name == "datascope"
}
func scanParams(name string) bool { return name == "with_match_id" }
func anyParam(string) bool        { return true }

// parseOpParams parses leading `name=value` operator parameters accepted by allowed.
func (p *parser) parseOpParams(allowed func(string) bool) []*OpParam {
	var out []*OpParam
	for p.tok().kind == tIdent {
		j, name := 1, p.tok().text
		for p.peek(j).is(".") && p.peek(j+1).kind == tIdent {
			name += "." + p.peek(j+1).text
			j += 2
		}
		if !p.peek(j).is("=") || !allowed(name) {
			return out
		}
		start := p.pos()
		for range j + 1 {
			p.next()
		}
		n := &OpParam{Name: name, Value: p.parseParamValue()}
		p.done(&n.base, start)
		out = append(out, n)
	}
	return out
}

// parseParamValue parses an operator parameter's value: a bare word is a name,
// never the start of a call (`kind=inner (T)` is not a call).
func (p *parser) parseParamValue() Expr {
	if t := p.tok(); t.kind == tIdent && t.text != "true" && t.text != "false" {
		return p.ident()
	}
	return p.parseUnary()
}

// parseAssigns parses a comma-separated list of optionally named expressions.
func (p *parser) parseAssigns() []*Assign {
	var out []*Assign
	for {
		out = append(out, p.parseAssign())
		if !p.accept(",") {
			return out
		}
	}
}

// parseAssign parses `Name = X`, `(A, B) = X` or `X`.
func (p *parser) parseAssign() *Assign {
	start := p.pos()
	n := &Assign{}
	if w, ok := p.atIdent(0); ok && p.peek(w).is("=") {
		n.Names = []*Ident{p.declName()}
		p.next()
	} else if p.at("(") && p.tupleAhead() {
		p.next()
		for {
			n.Names = append(n.Names, p.declName())
			if !p.accept(",") {
				break
			}
		}
		p.expect(")")
		p.expect("=")
	}
	n.Value = p.parseExpr()
	p.done(&n.base, start)
	return n
}

// tupleAhead reports whether `(name, name, ...) =` starts at the current token.
func (p *parser) tupleAhead() bool {
	j := 1
	for {
		w, ok := p.atIdent(j)
		if !ok {
			return false
		}
		j += w
		switch {
		case p.peek(j).is(","):
			j++
		case p.peek(j).is(")"):
			return p.peek(j + 1).is("=")
		default:
			return false
		}
	}
}

// parseNamePatterns parses a comma-separated list of names or wildcard patterns.
func (p *parser) parseNamePatterns() []Expr {
	var out []Expr
	for {
		out = append(out, p.parseNamePattern())
		if !p.accept(",") {
			return out
		}
	}
}

// parseNamePattern parses a name, or a pattern like Col*, *Name or A*B written
// without spaces.
func (p *parser) parseNamePattern() Expr {
	start := p.pos()
	if !p.at("*") && !p.wildAhead() {
		return p.refName()
	}
	var b strings.Builder
	end := -1
	for {
		t := p.tok()
		if end >= 0 && t.pos != end || !(t.is("*") || t.kind == tIdent) {
			break
		}
		b.WriteString(t.text)
		end = p.next().end
	}
	n := &Wildcard{Pattern: b.String()}
	p.done(&n.base, start)
	return n
}

// wildAhead reports whether a name is directly followed by `*`.
func (p *parser) wildAhead() bool {
	t, nx := p.tok(), p.peek(1)
	return t.kind == tIdent && nx.is("*") && nx.pos == t.end
}

// parseTablePattern parses a table name, pattern, or call in union.
func (p *parser) parseTablePattern() Expr {
	if p.at("*") || p.wildAhead() {
		return p.parseNamePattern()
	}
	return p.parsePostfix()
}

// parseOrder parses an optional asc/desc (and granny-asc/granny-desc when granny).
func (p *parser) parseOrder(granny bool) Order {
	switch {
	case p.accept("asc"):
		return OrderAsc
	case p.accept("desc"):
		return OrderDesc
	case granny && p.accept("granny-asc"):
		return OrderGrannyAsc
	case granny && p.accept("granny-desc"):
		return OrderGrannyDesc
	}
	return OrderDefault
}

// parseSortKey parses `X [asc|desc] [nulls first|last]`.
func (p *parser) parseSortKey() *SortKey {
	start := p.pos()
	n := &SortKey{X: p.parseExpr()}
	n.Order = p.parseOrder(false)
	if p.accept("nulls") {
		switch {
		case p.accept("first"):
			n.Nulls = NullsFirst
		case p.accept("last"):
			n.Nulls = NullsLast
		default:
			p.fail(msgExpected("'first' or 'last'", p.tok()))
		}
	}
	p.done(&n.base, start)
	return n
}

// parseMvItems parses mv-expand/mv-apply columns: `[Name =] X [to typeof(T)]`.
func (p *parser) parseMvItems() []*MvExpandItem {
	var out []*MvExpandItem
	for {
		start := p.pos()
		n := &MvExpandItem{}
		if w, ok := p.atIdent(0); ok && p.peek(w).is("=") {
			n.Name = p.declName()
			p.next()
		}
		n.X = p.parseExpr()
		if p.accept("to") {
			p.expect("typeof")
			p.expect("(")
			n.To = p.typeName()
			p.expect(")")
		}
		p.done(&n.base, start)
		out = append(out, n)
		if !p.accept(",") {
			return out
		}
	}
}
