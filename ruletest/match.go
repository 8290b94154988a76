package ruletest

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// compare checks the rows a query returned against the rows a test
// expects. Each expected row names a subset of the columns; rows match
// when every named cell is equal. Unless ordered, the order of rows does
// not matter; in both cases the row counts must be equal. It returns ""
// when they match, else a readable diff.
func compare(want []map[string]any, ordered bool, cols []schema.Column,
	rows [][]value.Value) string {
	idx := map[string]int{}
	names := make([]string, len(cols))
	for i, c := range cols {
		idx[c.Name] = i
		names[i] = c.Name
	}
	var keys []string // columns the expectations name, in result order
	for _, w := range want {
		for k := range w {
			if _, ok := idx[k]; !ok {
				return fmt.Sprintf("expect names column %s, which the query does not "+
					"return (it returns %s)", k, strings.Join(names, ", "))
			}
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	sort.Slice(keys, func(a, b int) bool { return idx[keys[a]] < idx[keys[b]] })
	ok := func(w map[string]any, r []value.Value) bool {
		for k, v := range w {
			if !matches(v, r[idx[k]]) {
				return false
			}
		}
		return true
	}
	if ordered {
		return compareOrdered(want, rows, ok, keys, idx)
	}
	// Maximum bipartite matching of expected rows to actual rows (Kuhn's
	// augmenting paths): a greedy pass could pair a loose expectation
	// with the only row a stricter one fits.
	owner := make([]int, len(rows))
	for j := range owner {
		owner[j] = -1
	}
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		for j := range rows {
			if seen[j] || !ok(want[i], rows[j]) {
				continue
			}
			seen[j] = true
			if owner[j] < 0 || try(owner[j], seen) {
				owner[j] = i
				return true
			}
		}
		return false
	}
	matched := make([]bool, len(want))
	for i := range want {
		matched[i] = try(i, make([]bool, len(rows)))
	}
	var missing []map[string]any
	for i, m := range matched {
		if !m {
			missing = append(missing, want[i])
		}
	}
	var extra [][]value.Value
	for j, o := range owner {
		if o < 0 {
			extra = append(extra, rows[j])
		}
	}
	if len(missing) == 0 && len(extra) == 0 {
		return ""
	}
	var b strings.Builder
	if len(want) == len(rows) {
		fmt.Fprintf(&b, "rows differ (expected %s, got %s)\n", count(len(want)),
			count(len(rows)))
	} else {
		fmt.Fprintf(&b, "expected %s, got %s\n", count(len(want)), count(len(rows)))
	}
	if len(missing) > 0 {
		b.WriteString("missing (expected, not returned):\n")
		for _, w := range missing {
			fmt.Fprintf(&b, "  - %s\n", wantRow(w, keys))
		}
	}
	if len(extra) > 0 {
		b.WriteString("unexpected (returned, not expected):\n")
		for _, r := range extra {
			fmt.Fprintf(&b, "  + %s\n", gotRow(r, keys, names, idx))
		}
	}
	return b.String()
}

func compareOrdered(want []map[string]any, rows [][]value.Value,
	ok func(map[string]any, []value.Value) bool, keys []string, idx map[string]int) string {
	var b strings.Builder
	names := make([]string, len(idx))
	for n, i := range idx {
		names[i] = n
	}
	for i := 0; i < max(len(want), len(rows)); i++ {
		switch {
		case i >= len(rows):
			fmt.Fprintf(&b, "row %d:\n  - %s\n", i+1, wantRow(want[i], keys))
		case i >= len(want):
			fmt.Fprintf(&b, "row %d:\n  + %s\n", i+1, gotRow(rows[i], keys, names, idx))
		case !ok(want[i], rows[i]):
			fmt.Fprintf(&b, "row %d:\n  - %s\n  + %s\n", i+1, wantRow(want[i], keys),
				gotRow(rows[i], keys, names, idx))
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return fmt.Sprintf("expected %s in order, got %s\n", count(len(want)),
		count(len(rows))) + b.String()
}

func count(n int) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}

// wantRow renders an expected row with its columns in result order.
func wantRow(w map[string]any, keys []string) string {
	var parts []string
	for _, k := range keys {
		if v, ok := w[k]; ok {
			parts = append(parts, k+": "+showWant(v))
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// gotRow renders a returned row: the columns the expectations name, or
// every column when they name none.
func gotRow(r []value.Value, keys, names []string, idx map[string]int) string {
	if len(keys) == 0 {
		keys = names
	}
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+show(r[idx[k]]))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
