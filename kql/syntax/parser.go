package syntax

// parser holds the state of one parse. Errors abandon the current pipeline stage
// or statement by panicking with bailout; the enclosing loop recovers and resyncs.
type parser struct {
	file   string
	src    string
	toks   []token
	i      int
	nextID int
	errs   ErrorList
	depth  int
	// inSearch is set while parsing a search predicate, where `col:value` means has.
	inSearch bool
	// lenient turns off the reserved-word check for declared names (print).
	lenient bool
}

type bailout struct{} // abandon the current stage or statement
type tooMany struct{} // stop parsing: enough errors reported
const maxDepth = 150  // nesting limit for expressions and subqueries

// ParseQuery parses a query text: `;`-separated let, declare and set statements and
// query expressions. It always returns a tree; when the ErrorList is non-nil the
// tree is partial (failed stages and statements are left out) and must not be
// run. filename only labels the errors.
func ParseQuery(filename, src string) (*Query, ErrorList) {
	p := &parser{file: filename, src: src}
	p.toks = lex(src, p.report)
	q := &Query{}
	func() {
		defer func() {
			if r := recover(); r != nil {
				_, stop := r.(tooMany)
				_, bail := r.(bailout)
				if !stop && !bail {
					panic(r)
				}
			}
		}()
		q.Stmts = p.parseStatements("")
	}()
	q.base = base{id: p.newID(), span: Span{0, len(src)}}
	q.MaxID = p.nextID
	if len(p.errs) == 0 {
		return q, nil
	}
	errs := p.errs.Normalize()
	for _, e := range errs {
		e.Line, e.Col = position(src, e.Pos)
	}
	return q, errs
}

// ParseExpr parses a single expression (scalar or tabular), for tests and tools.
func ParseExpr(src string) (Expr, ErrorList) {
	q, errs := ParseQuery("", src)
	if len(q.Stmts) == 1 {
		if s, ok := q.Stmts[0].(*ExprStmt); ok {
			return s.X, errs
		}
	}
	if errs == nil {
		errs = ErrorList{&Error{Line: 1, Col: 1, Msg: msgNotOneExpr()}}
	}
	return nil, errs
}

func (p *parser) newID() int {
	p.nextID++
	return p.nextID
}

// done stamps a node's ID and span: from start to the end of the last token taken.
func (p *parser) done(b *base, start int) {
	end := start
	if p.i > 0 && p.toks[p.i-1].end > start {
		end = p.toks[p.i-1].end
	}
	b.id = p.newID()
	b.span = Span{start, end}
}

// report records an error at byte offset pos; line and column are filled in
// later, for the errors kept. Past 3*MaxErrors further errors are dropped.
func (p *parser) report(pos int, msg string) {
	if len(p.errs) < 3*MaxErrors {
		p.errs = append(p.errs, &Error{File: p.file, Pos: pos, Msg: msg})
	}
}

// errorAt records an error and stops the parse once there are plenty.
func (p *parser) errorAt(pos int, msg string) {
	p.report(pos, msg)
	if len(p.errs) >= 3*MaxErrors {
		panic(tooMany{})
	}
}

// fail reports msg at the current token and abandons the current stage.
// At the end of input the error points just past the last token.
func (p *parser) fail(msg string) {
	pos := p.tok().pos
	if p.tok().kind == tEOF && p.i > 0 {
		pos = p.toks[p.i-1].end
	}
	p.errorAt(pos, msg)
	panic(bailout{})
}

func (p *parser) tok() token { return p.toks[p.i] }

// peek returns the token n places ahead (the EOF token past the end).
func (p *parser) peek(n int) token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) pos() int { return p.tok().pos }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

// at reports whether the current token is the punctuation or word s.
func (p *parser) at(s string) bool { return p.tok().is(s) }

func (p *parser) accept(s string) bool {
	if p.at(s) {
		p.next()
		return true
	}
	return false
}

func (p *parser) expect(s string) token {
	if !p.at(s) {
		p.fail(msgExpected("'"+s+"'", p.tok()))
	}
	return p.next()
}

// ident takes a name: a word, or a quoted name ['...'] / ["..."].
func (p *parser) ident() *Ident {
	start := p.pos()
	t := p.tok()
	var name string
	switch {
	case t.kind == tIdent:
		name = p.next().text
	case t.kind == tTyped:
		p.fail(msgExpected("a name", t))
	case t.is("[") && p.peek(1).kind == tString && p.peek(2).is("]"):
		p.next()
		name = p.next().val
		p.next()
	default:
		p.fail(msgExpected("a name", t))
	}
	n := &Ident{Name: name}
	p.done(&n.base, start)
	return n
}

// declName takes a name being declared (let, column, assignment), reporting
// reserved words written without brackets.
func (p *parser) declName() *Ident {
	t := p.tok()
	if t.kind == tIdent && !p.lenient && reservedWords[t.text]&resDecl != 0 {
		p.errorAt(t.pos, msgReservedName(t.text))
	}
	return p.ident()
}

// refName takes a name being referred to, reporting reserved words.
func (p *parser) refName() *Ident {
	t := p.tok()
	if t.kind == tIdent && reservedWords[t.text]&resRef != 0 {
		p.errorAt(t.pos, msgReservedName(t.text))
	}
	return p.ident()
}

// atIdent reports whether a name (plain or quoted) starts at token offset n.
func (p *parser) atIdent(n int) (width int, ok bool) {
	t := p.peek(n)
	if t.kind == tIdent {
		return 1, true
	}
	if t.is("[") && p.peek(n+1).kind == tString && p.peek(n+2).is("]") {
		return 3, true
	}
	return 0, false
}

// guard runs f, reporting false if f bailed out.
func (p *parser) guard(f func()) (ok bool) {
	depth := p.depth
	defer func() {
		if r := recover(); r != nil {
			if _, is := r.(bailout); !is {
				panic(r)
			}
			ok = false
			p.depth = depth
			p.inSearch = false
			p.lenient = false
		}
	}()
	f()
	return true
}

// sync skips to the next `;` (or `|` when pipe is set) outside brackets, or to
// an unmatched closing bracket, or to the end.
func (p *parser) sync(pipe bool) {
	depth := 0
	for {
		t := p.tok()
		switch {
		case t.kind == tEOF:
			return
		case t.kind != tPunct:
		case t.text == "(" || t.text == "[" || t.text == "{":
			depth++
		case t.text == ")" || t.text == "]" || t.text == "}":
			if depth == 0 {
				return
			}
			depth--
		case depth == 0 && (t.text == ";" || pipe && t.text == "|"):
			return
		}
		p.next()
	}
}

// enter guards against runaway nesting; call leave when done.
func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.fail(msgTooDeep())
	}
}

func (p *parser) leave() { p.depth-- }
