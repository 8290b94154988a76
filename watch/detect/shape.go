package detect

import (
	"strings"
)

// Shape says how a query can run on a live stream. It is read from the
// query text by a lexical scan of its pipelines, so a query the scan
// cannot place is given the conservative answer (not streamable, not
// keyable).
type Shape struct {
	// Streamable is true when every operator only filters or reshapes
	// rows (where, extend, project, parse, mv-expand, sort, ...): the
	// query can run per event as events arrive.
	Streamable bool
	// Keyable is true when every aggregation and join groups by the key
	// column, so instances that own whole keys compute exact results.
	Keyable bool
	// Why names the first operator that made the query not streamable.
	Why string
	// WhyNotKeyed names the first operator that made it not keyable.
	WhyNotKeyed string
}

// rowOps only filter or reshape single rows (or, for sort and order, only
// reorder them, which does not matter when each row is its own alert).
var rowOps = map[string]bool{
	"where": true, "filter": true, "extend": true, "project": true,
	"project-away": true, "project-keep": true, "project-rename": true,
	"project-reorder": true, "parse": true, "parse-where": true, "parse-kv": true,
	"mv-expand": true, "sort": true, "order": true,
}

// keyedOps keep groups apart when their grouping list holds the key.
var keyedOps = map[string]string{
	"summarize": " by ", "distinct": "", "join": " on ", "lookup": " on ",
	"make-series": " by ",
}

// Classify reads the shape of query for the key column key.
func Classify(query, key string) Shape {
	s := Shape{Streamable: true, Keyable: true}
	stmts := split(stripComments(query), ';')
	for _, st := range stmts {
		st = strings.TrimSpace(st)
		if st == "" {
			continue
		}
		if body, ok := letBody(st); ok {
			if len(split(body, '|')) > 1 || strings.Contains(body, "(") &&
				hasSubPipeline(body) {
				s.merge(classifyPipeline(body, key))
			}
			continue
		}
		s.merge(classifyPipeline(st, key))
	}
	return s
}

// merge folds the shape of one part into the whole.
func (s *Shape) merge(p Shape) {
	if !p.Streamable && s.Streamable {
		s.Streamable, s.Why = false, p.Why
	}
	if !p.Keyable && s.Keyable {
		s.Keyable, s.WhyNotKeyed = false, p.WhyNotKeyed
	}
}

// letBody returns the expression of a let statement.
func letBody(st string) (string, bool) {
	if !strings.HasPrefix(st, "let ") && !strings.HasPrefix(st, "let\t") {
		return "", false
	}
	_, body, ok := strings.Cut(st, "=")
	return body, ok
}

// classifyPipeline classifies one tabular expression: a source, then
// operators separated by top-level pipes.
func classifyPipeline(text, key string) Shape {
	s := Shape{Streamable: true, Keyable: true}
	segs := split(text, '|')
	src := strings.TrimSpace(segs[0])
	if !isIdent(src) {
		s.Streamable, s.Why = false, "source "+firstWord(src)
		if fw := firstWord(src); fw == "union" || fw == "search" || fw == "find" {
			s.Keyable, s.WhyNotKeyed = false, fw
		}
	}
	for _, seg := range segs[1:] {
		seg = strings.TrimSpace(seg)
		op := firstWord(seg)
		for _, sub := range subPipelines(seg) {
			s.merge(classifyPipeline(sub, key))
		}
		if rowOps[op] {
			continue
		}
		if s.Streamable {
			s.Streamable, s.Why = false, op
		}
		sep, ok := keyedOps[op]
		if !ok || !groupsBy(seg[len(op):], sep, key) {
			if s.Keyable {
				s.Keyable, s.WhyNotKeyed = false, op
			}
		}
	}
	return s
}

// groupsBy reports whether the grouping list of an operator (after sep,
// or the whole text when sep is empty) names the key column.
func groupsBy(rest, sep, key string) bool {
	list := rest
	if sep != "" {
		i := lastTopLevel(rest, sep)
		if i < 0 {
			return false
		}
		list = rest[i+len(sep):]
	}
	for _, item := range split(list, ',') {
		item = strings.TrimSpace(item)
		if name, expr, ok := strings.Cut(item, "=="); ok {
			// join ... on $left.K == $right.K
			if strings.HasSuffix(strings.TrimSpace(name), "."+key) &&
				strings.HasSuffix(strings.TrimSpace(expr), "."+key) {
				return true
			}
			continue
		}
		if _, expr, ok := strings.Cut(item, "="); ok {
			item = strings.TrimSpace(expr)
		}
		if item == key {
			return true
		}
	}
	return false
}

// lastTopLevel finds sep outside brackets and strings, the last occurrence.
func lastTopLevel(s, sep string) int {
	found := -1
	scan(s, func(i int, depth int) {
		if depth == 0 && strings.HasPrefix(s[i:], sep) {
			found = i
		}
	})
	return found
}

// split cuts s at every top-level sep (outside brackets, strings and
// comments).
func split(s string, sep byte) []string {
	var out []string
	start := 0
	scan(s, func(i int, depth int) {
		if depth == 0 && s[i] == sep {
			out = append(out, s[start:i])
			start = i + 1
		}
	})
	return append(out, s[start:])
}

// parenthesised returns the text inside each top-level pair of brackets.
func parenthesised(s string) []string {
	var out []string
	start := -1
	scan(s, func(i int, depth int) {
		switch {
		case s[i] == '(' && depth == 0:
			start = i + 1
		case s[i] == ')' && depth == 0 && start >= 0:
			out = append(out, s[start:i])
			start = -1
		}
	})
	return out
}

// subPipelines returns the bracketed parts of s, at any depth, that hold
// a pipeline (a pipe at their own top level).
func subPipelines(s string) []string {
	var out []string
	for _, sub := range parenthesised(s) {
		if len(split(sub, '|')) > 1 {
			out = append(out, sub)
			continue
		}
		out = append(out, subPipelines(sub)...)
	}
	return out
}

// stripComments replaces // comments (outside strings) by spaces.
func stripComments(s string) string {
	b := []byte(s)
	lex(s, func(int, int) {}, func(start, end int) {
		for i := start; i < end; i++ {
			b[i] = ' '
		}
	})
	return string(b)
}

// hasSubPipeline reports whether s holds a pipe inside brackets.
func hasSubPipeline(s string) bool {
	found := false
	scan(s, func(i int, depth int) {
		if depth > 0 && s[i] == '|' {
			found = true
		}
	})
	return found
}

// scan calls fn for each byte of s that is code (not inside a string
// literal or comment) with its bracket depth (brackets count as outside
// the pair they open or close).
func scan(s string, fn func(i, depth int)) { lex(s, fn, nil) }

// lex is scan that also reports each comment's byte range to comment.
func lex(s string, fn func(i, depth int), comment func(start, end int)) {
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			start := i
			for i < len(s) && s[i] != '\n' {
				i++
			}
			if comment != nil {
				comment(start, i)
			}
			continue
		case strings.HasPrefix(s[i:], "```"):
			end := strings.Index(s[i+3:], "```")
			if end < 0 {
				return
			}
			i += end + 5
			continue
		case (c == '@' || c == 'h' || c == 'H') && i+1 < len(s) &&
			(s[i+1] == '"' || s[i+1] == '\''):
			q := s[i+1]
			i += 2
			for i < len(s) && s[i] != q {
				i++
			}
			continue
		case c == '"' || c == '\'':
			for i++; i < len(s) && s[i] != c; i++ {
				if s[i] == '\\' {
					i++
				}
			}
			continue
		}
		if c == ')' || c == ']' || c == '}' {
			depth--
		}
		fn(i, depth)
		if c == '(' || c == '[' || c == '{' {
			depth++
		}
	}
}

// firstWord returns the operator name at the start of a segment.
func firstWord(s string) string {
	s = strings.TrimSpace(s)
	end := strings.IndexFunc(s, func(r rune) bool {
		return !(r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' ||
			r >= '0' && r <= '9')
	})
	if end < 0 {
		return s
	}
	return s[:end]
}

// isIdent reports whether s is a plain table name.
func isIdent(s string) bool {
	return s != "" && firstWord(s) == s && !strings.Contains(s, "-")
}
