package syntax

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Format returns n as canonical KQL text: single spaces, statements separated
// by ";\n", the stages of a statement's pipeline one a line ("\n| "), nested
// pipelines inline, strings double-quoted. Parsing the result gives
// a tree of the same shape.
func Format(n Node) string {
	var p printer
	p.node(n)
	return p.b.String()
}

type printer struct {
	b strings.Builder
}

func (p *printer) str(s ...string) {
	for _, x := range s {
		p.b.WriteString(x)
	}
}

// list prints nodes separated by sep.
func list[T Node](p *printer, xs []T, sep string) {
	for i, x := range xs {
		if i > 0 {
			p.str(sep)
		}
		p.node(x)
	}
}

func (p *printer) node(n Node) {
	if p.stmt(n) || p.expr(n) || p.op(n) || p.part(n) {
		return
	}
	p.str("<?>")
}

func (p *printer) stmt(n Node) bool {
	switch n := n.(type) {
	case *Query:
		list(p, n.Stmts, ";\n")
	case *LetStmt:
		p.str("let ")
		p.node(n.Name)
		p.str(" = ")
		p.top(n.Value)
	case *DeclareStmt:
		p.str("declare query_parameters(")
		list(p, n.Params, ", ")
		p.str(")")
	case *SetStmt:
		p.str("set ", n.Name)
		if n.Value != nil {
			p.str(" = ")
			p.node(n.Value)
		}
	case *ExprStmt:
		p.top(n.X)
	case *FuncDecl:
		if n.View {
			p.str("view ")
		}
		p.str("(")
		list(p, n.Params, ", ")
		p.str(") { ")
		list(p, n.Body, "; ")
		p.str(" }")
	case *Param:
		p.node(n.Name)
		p.str(":")
		if n.Tabular {
			p.schema(n.Schema, n.AnyCols)
		} else {
			p.str(n.Type)
		}
		if n.Default != nil {
			p.str(" = ")
			p.node(n.Default)
		}
	case *ColumnDecl:
		p.node(n.Name)
		if n.Type != "" {
			p.str(":", n.Type)
		}
		if n.Default != nil {
			p.str(" = ")
			p.node(n.Default)
		}
	default:
		return false
	}
	return true
}

// top prints a statement-level expression; a pipeline gets one stage a line.
func (p *printer) top(x Expr) {
	pl, ok := x.(*Pipeline)
	if !ok || pl.Source == nil {
		p.node(x)
		return
	}
	p.node(pl.Source)
	for _, op := range pl.Ops {
		p.str("\n| ")
		p.node(op)
	}
}

func (p *printer) schema(cols []*ColumnDecl, anyCols bool) {
	p.str("(")
	list(p, cols, ", ")
	if anyCols {
		if len(cols) > 0 {
			p.str(", ")
		}
		p.str("*")
	}
	p.str(")")
}

// reservedNames are printed quoted (['name']) so they read back as names.
var reservedNames = map[string]bool{
	"and": true, "or": true, "true": true, "false": true, "null": true, "by": true,
	"on": true, "with": true, "of": true, "to": true, "from": true, "step": true,
	"asc": true, "desc": true, "nulls": true, "limit": true, "let": true, "set": true,
	"declare": true, "between": true, "notbetween": true, "matches": true,
	"default": true, "view": true, "where": true, "typeof": true, "dynamic": true,
	"granny-asc": true, "granny-desc": true, "first": true, "last": true,
	"others": true, "output": true, "project": true, "in~": true,
}

// plainName reports whether s can be written without quotes.
func plainName(s string) bool {
	if s == "" || reservedNames[s] || reservedWords[s] != 0 || sourceWords[s] ||
		compareOps[s] != OpInvalid || typedLitWords[s] || hyphenWords[s] {
		return false
	}
	body := s
	if s[0] == '$' {
		body = s[1:]
		if body == "" {
			return false
		}
	}
	for i, r := range body {
		ok := r == '_' || r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') ||
			r >= utf8.RuneSelf && unicode.IsLetter(r)
		if !ok && (i == 0 || !(r >= '0' && r <= '9' || r >= utf8.RuneSelf && unicode.IsDigit(r))) {
			return false
		}
	}
	return utf8.ValidString(s)
}

// quoteName writes a name, quoting it as ['...'] when needed.
func quoteName(s string) string {
	if plainName(s) {
		return s
	}
	return "[" + quoteString(s) + "]"
}

// quoteString writes s as a double-quoted KQL string literal.
func quoteString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < 0x20 || c == 0x7f:
			b.WriteString(`\u00`)
			b.WriteString(strconv.FormatUint(uint64(c)>>4, 16))
			b.WriteString(strconv.FormatUint(uint64(c)&15, 16))
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// formatReal writes a real so that it reads back as the same real.
func formatReal(v float64) string {
	switch {
	case math.IsNaN(v):
		return "real(nan)"
	case math.IsInf(v, 1):
		return "real(+inf)"
	case math.IsInf(v, -1):
		return "real(-inf)"
	}
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// timespanUnitsOut are the units used to print timespans, largest first.
var timespanUnitsOut = []struct {
	name  string
	ticks int64
}{
	{"d", 864e9}, {"h", 36e9}, {"m", 6e8}, {"s", 1e7}, {"ms", 1e4}, {"microsecond", 10},
	{"tick", 1},
}

func formatTimespan(ticks int64) string {
	if ticks == 0 {
		return "0s"
	}
	for _, u := range timespanUnitsOut {
		if ticks%u.ticks == 0 {
			return strconv.FormatInt(ticks/u.ticks, 10) + u.name
		}
	}
	return strconv.FormatInt(ticks, 10) + "tick"
}

// formatTyped writes type(text), quoting text when it would not read back raw.
func formatTyped(typ, text string) string {
	if text != strings.TrimSpace(text) || strings.ContainsAny(text, "()\"'\n\r\\") {
		return typ + "(" + quoteString(text) + ")"
	}
	return typ + "(" + text + ")"
}
