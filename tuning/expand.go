package tuning

import (
	"strconv"
	"strings"
)

// UsesWatchlists reports whether a query calls _GetWatchlist (outside
// strings and comments).
func UsesWatchlists(query string) bool {
	found := false
	scanCalls(query, func(int, int, string) { found = true })
	return found
}

const getWatchlist = "_GetWatchlist"

// scanCalls calls fn for every _GetWatchlist('alias') call: its byte span
// and alias. Strings and // comments are skipped.
func scanCalls(q string, fn func(start, end int, alias string)) {
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case strings.HasPrefix(q[i:], "//"):
			for i < len(q) && q[i] != '\n' {
				i++
			}
		case c == '\'' || c == '"':
			i = stringEnd(q, i)
		case isWord(c):
			j := i
			for j < len(q) && (isWord(q[j]) || q[j] >= '0' && q[j] <= '9') {
				j++
			}
			if q[i:j] == getWatchlist && (i == 0 || !isWord(q[i-1])) {
				if end, alias, ok := callArg(q, j); ok {
					fn(i, end, alias)
					j = end
				}
			}
			i = j
		default:
			i++
		}
	}
}

// callArg reads `( 'alias' )` at q[i:], returning the end offset and the
// alias.
func callArg(q string, i int) (int, string, bool) {
	i = skipSpace(q, i)
	if i >= len(q) || q[i] != '(' {
		return 0, "", false
	}
	i = skipSpace(q, i+1)
	if i >= len(q) || q[i] != '\'' && q[i] != '"' {
		return 0, "", false
	}
	end := stringEnd(q, i)
	lit := q[i:end]
	if len(lit) < 2 || lit[len(lit)-1] != lit[0] {
		return 0, "", false // unterminated
	}
	alias := lit[1 : len(lit)-1]
	if lit[0] == '"' {
		if s, err := strconv.Unquote(lit); err == nil {
			alias = s
		}
	}
	i = skipSpace(q, end)
	if i >= len(q) || q[i] != ')' {
		return 0, "", false
	}
	return i + 1, alias, true
}

func skipSpace(q string, i int) int {
	for i < len(q) && strings.ContainsRune(" \t\r\n", rune(q[i])) {
		i++
	}
	return i
}

// stringEnd returns the offset after the string literal starting at i.
func stringEnd(q string, i int) int {
	quote := q[i]
	verbatim := i > 0 && q[i-1] == '@'
	for j := i + 1; j < len(q); j++ {
		switch {
		case q[j] == '\\' && !verbatim:
			j++
		case q[j] == quote:
			return j + 1
		}
	}
	return len(q)
}

func isWord(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
