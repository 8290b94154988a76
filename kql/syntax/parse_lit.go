package syntax

import (
	"math"
	"strconv"
	"strings"
)

// parsePrimary parses a literal, name, call, parenthesised expression or `*`.
func (p *parser) parsePrimary() Expr {
	start := p.pos()
	t := p.tok()
	switch t.kind {
	case tNumber:
		return p.parseNumber(false)
	case tTimespan:
		p.next()
		n := &TimespanLit{Ticks: t.num}
		p.done(&n.base, start)
		return n
	case tString:
		return p.parseString()
	case tTyped:
		return p.parseTyped()
	case tIdent:
		return p.parseNameOrCall()
	}
	switch {
	case t.is("("):
		p.next()
		p.enter()
		defer p.leave()
		n := &Paren{X: p.parseQueryExpr()}
		p.expect(")")
		p.done(&n.base, start)
		return n
	case t.is("["):
		if _, ok := p.atIdent(0); ok {
			return p.ident()
		}
	case t.is("*"):
		p.next()
		n := &Wildcard{Pattern: "*"}
		p.done(&n.base, start)
		return n
	}
	p.fail(msgExpectedExpr(t))
	return nil
}

// parseNumber parses a long or real literal; neg negates it (inside dynamic()).
func (p *parser) parseNumber(neg bool) Expr {
	start := p.pos()
	t := p.next()
	text := t.text
	if neg {
		text = "-" + text
	}
	if strings.HasPrefix(t.text, "0x") || strings.HasPrefix(t.text, "0X") {
		v, err := strconv.ParseUint(t.text[2:], 16, 64)
		if err != nil || v > math.MaxInt64 {
			p.errorAt(t.pos, msgNumberRange(t.text))
		}
		n := &LongLit{Value: int64(v)}
		if neg {
			n.Value = -n.Value
		}
		p.done(&n.base, start)
		return n
	}
	if !strings.ContainsAny(t.text, ".eE") {
		if v, err := strconv.ParseInt(text, 10, 64); err == nil {
			n := &LongLit{Value: v}
			p.done(&n.base, start)
			return n
		}
		// An integer beyond long's range is a long literal Kusto cannot
		// read (9223372036854775808, even negated): binding rejects it.
		n := &TypedLit{Type: "long", Text: text}
		p.done(&n.base, start)
		return n
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(v, 0) {
		// Kusto reads an out-of-range real as infinity; keep the text.
		n := &TypedLit{Type: "real", Text: text}
		p.done(&n.base, start)
		return n
	}
	n := &RealLit{Value: v}
	p.done(&n.base, start)
	return n
}

// parseString parses a string literal, joining adjacent literals.
func (p *parser) parseString() Expr {
	start := p.pos()
	t := p.next()
	n := &StringLit{Value: t.val, Obfuscated: t.obf}
	if p.tok().kind == tString {
		var b strings.Builder
		b.WriteString(t.val)
		for p.tok().kind == tString {
			t := p.next()
			b.WriteString(t.val)
			n.Obfuscated = n.Obfuscated || t.obf
		}
		n.Value = b.String()
	}
	p.done(&n.base, start)
	return n
}

// parseTyped turns a type(raw) token into a TypedLit, or a TimespanLit when a
// time/timespan literal has a readable non-negative value.
func (p *parser) parseTyped() Expr {
	start := p.pos()
	t := p.next()
	typ := strings.ToLower(t.text)
	if typ == "time" || typ == "timespan" {
		if ticks, ok := parseTimespanText(t.val); ok && ticks >= 0 {
			n := &TimespanLit{Ticks: ticks}
			p.done(&n.base, start)
			return n
		}
	}
	n := &TypedLit{Type: typ, Text: t.val}
	p.done(&n.base, start)
	return n
}

// parseTimespanText reads the contents of time(...): a plain number of days,
// a number with a unit, or [d.]hh:mm[:ss[.fffffff]].
func parseTimespanText(s string) (int64, bool) {
	if s == "" || s == "null" {
		return 0, false
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return int64(math.Round(f * 864e9)), true
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' }); i > 0 {
		f, err := strconv.ParseFloat(s[:i], 64)
		if per, ok := timespanUnits[s[i:]]; ok && err == nil {
			return int64(math.Round(f * per)), true
		}
		return 0, false
	}
	var days int64
	if dot := strings.IndexByte(s, '.'); dot >= 0 && dot < strings.IndexByte(s, ':') {
		d, err := strconv.ParseInt(s[:dot], 10, 32)
		if err != nil {
			return 0, false
		}
		days, s = d, s[dot+1:]
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var secs float64
	if len(parts) == 3 {
		f, err := strconv.ParseFloat(parts[2], 64)
		if err != nil || f < 0 || f >= 60 {
			return 0, false
		}
		secs = f
	}
	h, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, false
	}
	ticks := days*864e9 + int64(h)*36e9 + int64(m)*6e8 + int64(math.Round(secs*1e7))
	return ticks, true
}
