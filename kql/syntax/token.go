package syntax

import "strings"

// tokKind classifies a token.
type tokKind uint8

const (
	tEOF      tokKind = iota + 1
	tIdent            // name or keyword; text is the word (hyphenated words joined)
	tString           // string literal; val is the decoded text
	tNumber           // integer or real literal; text is as written
	tTimespan         // number with a unit suffix such as 1d, 1.5h; ticks in num
	tTyped            // type(raw): datetime(...), guid(...) ...; text type, val contents
	tPunct            // operator or punctuation; text is the symbol
	tBang             // !word operator such as !has, !in~; text includes the '!'
)

// token is one lexical token with its byte span.
type token struct {
	kind tokKind
	pos  int    // byte offset of the first byte
	end  int    // byte offset just past the token
	text string // raw text (see tokKind)
	val  string // decoded string value or typed-literal contents
	obf  bool   // obfuscated string (h"...")
	num  int64  // ticks of a tTimespan
}

// is reports whether t is the punctuation or word s.
func (t token) is(s string) bool {
	return (t.kind == tPunct || t.kind == tIdent) && t.text == s
}

// describe names the token for error messages.
func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of query"
	case tString:
		return "string literal"
	case tNumber, tTimespan:
		return "number " + t.text
	case tTyped:
		return t.text + "(...)"
	}
	return "'" + t.text + "'"
}

// hyphenWords are the operator names written with a hyphen; the lexer joins them.
var hyphenWords = map[string]bool{
	"project-away": true, "project-keep": true, "project-rename": true,
	"project-reorder": true, "project-smart": true, "mv-expand": true, "mv-apply": true,
	"parse-where": true, "parse-kv": true, "top-nested": true, "top-hitters": true,
	"make-series": true, "sample-distinct": true, "granny-asc": true, "granny-desc": true,
	"make-graph": true, "graph-match": true, "macro-expand": true,
}

// typedLitWords are the type names whose `name(...)` form is a literal with raw contents.
var typedLitWords = map[string]bool{
	"datetime": true, "date": true, "time": true, "timespan": true, "guid": true,
	"uniqueid": true, "decimal": true, "real": true, "double": true, "int": true,
	"int32": true, "long": true, "int64": true, "bool": true, "boolean": true,
}

// timespanUnits gives the ticks (100 ns) per unit of a timespan suffix. Kusto
// has no "us", "ns", "microsecs" or "L" (long) suffix: 1L and 100ns are errors.
var timespanUnits = map[string]float64{
	"d": 864e9, "day": 864e9, "days": 864e9,
	"h": 36e9, "hr": 36e9, "hrs": 36e9, "hour": 36e9, "hours": 36e9,
	"m": 6e8, "min": 6e8, "minute": 6e8, "minutes": 6e8,
	"s": 1e7, "sec": 1e7, "second": 1e7, "seconds": 1e7,
	"ms": 1e4, "milli": 1e4, "millis": 1e4, "millisecond": 1e4, "milliseconds": 1e4,
	"microsecond": 10, "microseconds": 10, "micro": 10, "micros": 10,
	"tick": 1, "ticks": 1,
	"nanosecond": 0.01, "nanoseconds": 0.01, "nano": 0.01, "nanos": 0.01,
	"microsec": 10, "nanosec": 0.01, "millisec": 1e4,
}

// Reserved-word flags: where a word may not appear as a plain (unbracketed) name.
const (
	resRef  = 1 << iota // referring to a column, variable or function
	resDecl             // declaring a column or variable
)

// reservedWords lists the words Kusto asks to bracket as ['word'] to use as names.
var reservedWords = func() map[string]uint8 {
	m := map[string]uint8{}
	both := "first last asc desc between missing project union and or string like " +
		"notlike others granny-asc granny-desc external_data bagexpansion with_itemindex " +
		"dynamic long int real datetime time timespan decimal typeof"
	ref := "has contains in by of to title where print datatable search find set " +
		"materialize toscalar as invoke sample externaldata"
	decl := "kind true false withsource"
	for _, w := range strings.Fields(both) {
		m[w] = resRef | resDecl
	}
	for _, w := range strings.Fields(ref) {
		m[w] = resRef
	}
	for _, w := range strings.Fields(decl) {
		m[w] = resDecl
	}
	for w := range compareOps {
		if w[0] >= 'a' && w[0] <= 'z' && m[w] == 0 {
			m[w] = resRef | resDecl
		}
	}
	for _, w := range []string{"has", "contains", "in"} {
		m[w] = resRef
	}
	return m
}()

// callableWords are reserved words that may still name a call: w(...).
var callableWords = map[string]bool{
	"toscalar": true, "materialize": true, "dynamic": true, "long": true, "int": true,
	"real": true, "datetime": true, "time": true, "timespan": true, "decimal": true,
	"typeof": true,
}
