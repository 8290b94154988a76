package syntax

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// quoted scans a '...' or "..." literal with backslash escapes; lx.pos is at the quote.
func (lx *lexer) quoted(obf bool) token {
	start := lx.pos
	q := lx.src[lx.pos]
	lx.pos++
	var b strings.Builder
	for {
		if lx.pos >= len(lx.src) || lx.src[lx.pos] == '\n' {
			lx.errf(start, msgUnterminatedString())
			return token{kind: tString, val: b.String(), obf: obf}
		}
		c := lx.src[lx.pos]
		switch {
		case c == q:
			lx.pos++
			return token{kind: tString, val: b.String(), obf: obf}
		case c == '\\':
			lx.escape(&b)
		default:
			b.WriteByte(c)
			lx.pos++
		}
	}
}

// escape decodes one backslash escape at lx.pos into b.
func (lx *lexer) escape(b *strings.Builder) {
	at := lx.pos
	lx.pos++
	if lx.pos >= len(lx.src) {
		return
	}
	c := lx.src[lx.pos]
	lx.pos++
	switch c {
	case '\\', '"', '\'', '/', '?':
		b.WriteByte(c)
	case 't':
		b.WriteByte('\t')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 'a':
		b.WriteByte('\a')
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'v':
		b.WriteByte('\v')
	case '0':
		b.WriteByte(0)
	case 'u', 'x', 'U':
		n := map[byte]int{'u': 4, 'x': 2, 'U': 8}[c]
		if lx.pos+n <= len(lx.src) {
			if v, err := strconv.ParseUint(lx.src[lx.pos:lx.pos+n], 16, 32); err == nil &&
				utf8.ValidRune(rune(v)) {
				b.WriteRune(rune(v))
				lx.pos += n
				return
			}
		}
		lx.errf(at, msgBadEscape(lx.src[at:lx.pos]))
	default:
		lx.errf(at, msgBadEscape(lx.src[at:lx.pos]))
	}
}

// verbatim scans @'...' or @"..." (lx.pos at the quote): no escapes, a doubled
// quote stands for one quote.
func (lx *lexer) verbatim(obf bool) token {
	start := lx.pos
	q := lx.src[lx.pos]
	lx.pos++
	var b strings.Builder
	for {
		if lx.pos >= len(lx.src) || lx.src[lx.pos] == '\n' {
			lx.errf(start, msgUnterminatedString())
			return token{kind: tString, val: b.String(), obf: obf}
		}
		c := lx.src[lx.pos]
		lx.pos++
		if c != q {
			b.WriteByte(c)
			continue
		}
		if lx.pos < len(lx.src) && lx.src[lx.pos] == q {
			b.WriteByte(q)
			lx.pos++
			continue
		}
		return token{kind: tString, val: b.String(), obf: obf}
	}
}

// multiline scans ```...``` whose contents are taken as written.
func (lx *lexer) multiline() token {
	start := lx.pos
	lx.pos += 3
	end := strings.Index(lx.src[lx.pos:], "```")
	if end < 0 {
		lx.errf(start, msgUnterminatedString())
		val := lx.src[lx.pos:]
		lx.pos = len(lx.src)
		return token{kind: tString, val: val}
	}
	val := lx.src[lx.pos : lx.pos+end]
	lx.pos += end + 3
	return token{kind: tString, val: val}
}
