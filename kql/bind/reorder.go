package bind

import (
	"sort"
	"strings"

	"github.com/kqlhunt/kqlhunt/kql/syntax"
)

// sortReordered orders the columns one project-reorder item matched: by
// name for asc/desc, in natural ("granny") order for granny-asc /
// granny-desc, as they were when no order is written.
func sortReordered(cols []Column, o syntax.Order) {
	var less func(a, b string) bool
	switch o {
	case syntax.OrderAsc:
		less = func(a, b string) bool { return a < b }
	case syntax.OrderDesc:
		less = func(a, b string) bool { return a > b }
	case syntax.OrderGrannyAsc:
		less = func(a, b string) bool { return naturalLess(a, b) }
	case syntax.OrderGrannyDesc:
		less = func(a, b string) bool { return naturalLess(b, a) }
	default:
		return
	}
	sort.SliceStable(cols, func(i, j int) bool { return less(cols[i].Name, cols[j].Name) })
}

// naturalLess compares names with runs of digits compared as numbers
// (a2 < a10).
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na := strings.TrimLeft(a[:da], "0")
			nb := strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

// digitRun returns the length of the run of ASCII digits s starts with.
func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
