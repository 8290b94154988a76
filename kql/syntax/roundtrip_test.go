package syntax

import (
	"fmt"
	"strings"
	"testing"
)

// shape renders a tree's node kinds with nesting, for comparing trees.
func shape(n Node) string {
	var b strings.Builder
	var walk func(n Node, depth int)
	walk = func(n Node, depth int) {
		fmt.Fprintf(&b, "%s%s\n", strings.Repeat(" ", depth), n.Kind())
		for _, c := range Children(n) {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// checkRoundTrip parses src, prints it, parses and prints again, and reports
// any difference in text or tree shape.
func checkRoundTrip(t testing.TB, name, src string) (ok bool) {
	t.Helper()
	q1, errs := ParseQuery(name, src)
	if errs != nil {
		return false
	}
	checkTree(t, q1, src)
	out1 := Format(q1)
	q2, errs := ParseQuery(name, out1)
	if errs != nil {
		t.Errorf("%s: printed form does not parse:\n%s\n%s", name, out1, errs.Render(name, out1))
		return true
	}
	if out2 := Format(q2); out2 != out1 {
		t.Errorf("%s: print not stable:\n%s\n%s", name, out1, out2)
	}
	if s1, s2 := shape(q1), shape(q2); s1 != s2 {
		t.Errorf("%s: shape differs after round trip:\n%s", name, out1)
	}
	return true
}
