package rules

import "strings"

// segment is one file line's part of a query line: a folded (>) block
// scalar joins several file lines into one query line.
type segment struct {
	fileLine int // 1-based line in the file
	length   int // runes of the query line that come from this file line
}

// foldMap works out, for a folded block scalar whose first content line
// is file line first with the given indentation, which file lines make up
// each line of the folded query. It returns nil when its folding does not
// reproduce the query exactly (the plain line mapping then applies).
func foldMap(text string, first, indent int, query string) [][]segment {
	lines := strings.Split(text, "\n")
	var out [][]segment
	var cur []segment
	var b strings.Builder
	prevText := false // the previous line was a plain text line (joined by a space)
	for n := first; n <= len(lines); n++ {
		l := strings.TrimRight(lines[n-1], "\r")
		if strings.TrimSpace(l) == "" {
			// An empty line ends the query line it follows.
			if !prevText && len(cur) == 0 && b.Len() > 0 {
				b.WriteByte('\n')
				out = append(out, nil)
			}
			b.WriteByte('\n')
			out = append(out, cur)
			cur, prevText = nil, false
			continue
		}
		if len(l)-len(strings.TrimLeft(l, " ")) < indent {
			break
		}
		body := l[indent:]
		more := strings.HasPrefix(body, " ") || strings.HasPrefix(body, "\t")
		if prevText && !more {
			b.WriteByte(' ')
			cur[len(cur)-1].length++ // the joining space
		} else if len(cur) > 0 {
			b.WriteByte('\n')
			out = append(out, cur)
			cur = nil
		}
		b.WriteString(body)
		cur = append(cur, segment{fileLine: n, length: len([]rune(body))})
		prevText = !more
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	if strings.TrimRight(b.String(), "\n") != strings.TrimRight(query, "\n") {
		return nil
	}
	return out
}

// foldedPosition maps a query line and column through a fold map.
func (r *Rule) foldedPosition(line, col int) (int, int, bool) {
	if line < 1 || line > len(r.folds) {
		return 0, 0, false
	}
	segs := r.folds[line-1]
	for i, s := range segs {
		if col <= s.length || i == len(segs)-1 {
			return s.fileLine, col + r.QueryIndent, true
		}
		col -= s.length
	}
	return 0, 0, false
}
