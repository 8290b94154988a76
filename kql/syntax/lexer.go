package syntax

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// lexer turns source text into tokens. It never fails: bad input becomes an error
// report and the lexer moves on.
type lexer struct {
	src  string
	pos  int
	toks []token
	errf func(pos int, msg string)
	// badEnd is the offset just past the last bad character reported.
	badEnd int
}

// lex returns the tokens of src, ending with a tEOF token.
func lex(src string, errf func(pos int, msg string)) []token {
	lx := &lexer{src: src, errf: errf}
	for {
		lx.skipSpace()
		if lx.pos >= len(src) {
			lx.toks = append(lx.toks, token{kind: tEOF, pos: len(src), end: len(src)})
			return lx.toks
		}
		start := lx.pos
		t := lx.next()
		t.pos, t.end = start, lx.pos
		if t.kind != 0 {
			lx.toks = append(lx.toks, t)
		}
	}
}

func (lx *lexer) skipSpace() {
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			lx.pos++
		case c == '/' && strings.HasPrefix(lx.src[lx.pos:], "//"):
			for lx.pos < len(lx.src) && lx.src[lx.pos] != '\n' {
				lx.pos++
			}
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(lx.src[lx.pos:])
			if !unicode.IsSpace(r) && r != '\uFEFF' {
				return
			}
			lx.pos += n
		default:
			return
		}
	}
}

func (lx *lexer) peekAt(i int) byte {
	if lx.pos+i < len(lx.src) {
		return lx.src[lx.pos+i]
	}
	return 0
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf
}

// identStartAt reports whether an identifier can start at byte offset i.
func (lx *lexer) identStartAt(i int) bool {
	if i >= len(lx.src) {
		return false
	}
	c := lx.src[i]
	if c < utf8.RuneSelf {
		return isIdentStart(c)
	}
	r, _ := utf8.DecodeRuneInString(lx.src[i:])
	return unicode.IsLetter(r)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentByte(c byte) bool { return isIdentStart(c) || isDigit(c) }

// next scans one token starting at lx.pos (not whitespace). A zero kind means
// "nothing to emit" (the error was reported).
func (lx *lexer) next() token {
	c := lx.src[lx.pos]
	switch {
	case c == '"' || c == '\'':
		return lx.quoted(false)
	case c == '@' && (lx.peekAt(1) == '"' || lx.peekAt(1) == '\''):
		lx.pos++
		return lx.verbatim(false)
	case (c == 'h' || c == 'H') && (lx.peekAt(1) == '"' || lx.peekAt(1) == '\''):
		lx.pos++
		return lx.quoted(true)
	case (c == 'h' || c == 'H') && lx.peekAt(1) == '@' &&
		(lx.peekAt(2) == '"' || lx.peekAt(2) == '\''):
		lx.pos += 2
		return lx.verbatim(true)
	case c == '`' && strings.HasPrefix(lx.src[lx.pos:], "```"):
		return lx.multiline()
	case isDigit(c):
		return lx.number()
	case lx.identStartAt(lx.pos) || c == '$' && lx.identStartAt(lx.pos+1):
		return lx.word()
	case c == '!' && lx.identStartAt(lx.pos+1):
		lx.pos++
		w := lx.word()
		if w.kind != tIdent {
			lx.errf(lx.pos, msgBadBang())
			return token{}
		}
		return token{kind: tBang, text: "!" + w.text}
	}
	return lx.punct()
}

var puncts = []string{
	"..", "==", "!=", "<>", "<=", ">=", "=~", "!~", "=>",
	"|", ";", ",", "(", ")", "[", "]", "{", "}", ".", ":", "=", "<", ">",
	"+", "-", "*", "/", "%", "?", "~", "!", "@", "#",
}

func (lx *lexer) punct() token {
	rest := lx.src[lx.pos:]
	for _, p := range puncts {
		if strings.HasPrefix(rest, p) {
			lx.pos += len(p)
			return token{kind: tPunct, text: p}
		}
	}
	r, n := utf8.DecodeRuneInString(rest)
	if lx.pos != lx.badEnd || lx.badEnd == 0 {
		lx.errf(lx.pos, msgBadChar(r)) // one report per run of bad characters
	}
	lx.pos += n
	lx.badEnd = lx.pos
	return token{}
}

// word scans an identifier, joining hyphenated operator names and the `in~` forms,
// and recognising typed literals such as datetime(...).
func (lx *lexer) word() token {
	start := lx.pos
	if lx.src[lx.pos] == '$' {
		lx.pos++
	}
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		if c < utf8.RuneSelf {
			if !isIdentByte(c) {
				break
			}
			lx.pos++
			continue
		}
		r, n := utf8.DecodeRuneInString(lx.src[lx.pos:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		lx.pos += n
	}
	text := lx.src[start:lx.pos]
	if lx.peekAt(0) == '-' && isIdentStart(lx.peekAt(1)) {
		j := lx.pos + 1
		for j < len(lx.src) && isIdentByte(lx.src[j]) {
			j++
		}
		if hyphenWords[lx.src[start:j]] {
			lx.pos = j
			text = lx.src[start:j]
		}
	}
	if (text == "in") && lx.peekAt(0) == '~' {
		lx.pos++
		text += "~"
	}
	if typedLitWords[text] {
		if t, ok := lx.typedLit(text); ok {
			return t
		}
	}
	return token{kind: tIdent, text: text}
}

// typedLit scans `(raw contents)` after a type name, if present.
func (lx *lexer) typedLit(typ string) (token, bool) {
	j := lx.pos
	for j < len(lx.src) && (lx.src[j] == ' ' || lx.src[j] == '\t') {
		j++
	}
	if j >= len(lx.src) || lx.src[j] != '(' {
		return token{}, false
	}
	open := j
	j++
	var quote byte
	for ; j < len(lx.src); j++ {
		c := lx.src[j]
		switch {
		case quote != 0:
			if c == '\\' {
				j++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(' || c == '\n':
			return token{}, false // not a literal: leave it to the parser
		case c == ')':
			raw := strings.TrimSpace(lx.src[open+1 : j])
			lx.pos = j + 1
			return token{kind: tTyped, text: typ, val: lx.unquoteRaw(raw, open+1)}, true
		}
	}
	return token{}, false
}

// unquoteRaw removes the quotes of a typed literal written with a string inside.
func (lx *lexer) unquoteRaw(raw string, pos int) string {
	if len(raw) < 2 || (raw[0] != '"' && raw[0] != '\'') {
		return raw
	}
	sub := &lexer{src: raw, errf: func(p int, m string) { lx.errf(pos+p, m) }}
	t := sub.quoted(false)
	if sub.pos != len(raw) {
		return raw
	}
	return t.val
}

func (lx *lexer) number() token {
	start := lx.pos
	src := lx.src
	if src[lx.pos] == '0' && (lx.peekAt(1) == 'x' || lx.peekAt(1) == 'X') {
		lx.pos += 2
		for lx.pos < len(src) && strings.IndexByte("0123456789abcdefABCDEF", src[lx.pos]) >= 0 {
			lx.pos++
		}
		return token{kind: tNumber, text: src[start:lx.pos]}
	}
	lx.digits()
	if lx.peekAt(0) == '.' && isDigit(lx.peekAt(1)) {
		lx.pos++
		lx.digits()
	} else if lx.peekAt(0) == '.' && lx.peekAt(1) != '.' && !lx.identStartAt(lx.pos+1) {
		lx.pos++ // "1." is a real
	}
	if c := lx.peekAt(0); (c == 'e' || c == 'E') && (isDigit(lx.peekAt(1)) ||
		(lx.peekAt(1) == '+' || lx.peekAt(1) == '-') && isDigit(lx.peekAt(2))) {
		lx.pos += 2
		lx.digits()
	}
	num := src[start:lx.pos]
	if lx.pos >= len(src) || !isIdentByte(src[lx.pos]) {
		return token{kind: tNumber, text: num}
	}
	ustart := lx.pos
	for lx.pos < len(src) && isIdentByte(src[lx.pos]) {
		lx.pos++
	}
	unit := src[ustart:lx.pos]
	per, ok := timespanUnits[unit]
	if !ok {
		// Like Kusto, a number followed by a word that is no unit is a name
		// (5h_MovingAvg, 1L, 100ns): binding then reports the unknown name.
		return token{kind: tIdent, text: src[start:lx.pos]}
	}
	ticks, ok := timespanTicks(num, per)
	if !ok {
		lx.errf(start, msgNumberRange(src[start:lx.pos]))
	}
	return token{kind: tTimespan, text: src[start:lx.pos], num: ticks}
}

// timespanTicks multiplies a number by a unit's ticks, exactly for integers.
func timespanTicks(num string, per float64) (int64, bool) {
	if n, err := strconv.ParseInt(num, 10, 64); err == nil && per >= 1 {
		p := int64(per)
		if n != 0 && (n*p)/p != n {
			return 0, false
		}
		return n * p, true
	}
	f, err := strconv.ParseFloat(num, 64)
	ticks := math.Round(f * per)
	if err != nil || ticks >= math.MaxInt64 || ticks < 0 {
		return 0, false
	}
	return int64(ticks), true
}

func (lx *lexer) digits() {
	for lx.pos < len(lx.src) && isDigit(lx.src[lx.pos]) {
		lx.pos++
	}
}
