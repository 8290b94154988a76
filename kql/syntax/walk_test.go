package syntax

import (
	"strings"
	"testing"
)

func TestKindNames(t *testing.T) {
	for k := Kind(1); k < kindCount; k++ {
		if k.String() == "Invalid" {
			t.Errorf("kind %d has no name", k)
		}
	}
	if KindInvalid.String() != "Invalid" || Kind(0) != KindInvalid {
		t.Error("zero Kind must be invalid")
	}
	for o := Op(1); o < opCount; o++ {
		if o.String() == "<invalid op>" {
			t.Errorf("op %d has no text", o)
		}
	}
}

func TestInspect(t *testing.T) {
	q, errs := ParseQuery("q", "let x = 1; T | where a > x | project b = a + 1")
	if errs != nil {
		t.Fatal(errs)
	}
	var kinds []string
	Inspect(q, func(n Node) bool {
		kinds = append(kinds, n.Kind().String())
		return n.Kind() != KindWhere // skip the predicate
	})
	want := "Query LetStmt Ident LongLit ExprStmt Pipeline Ident Where Project Assign Ident " +
		"Binary Ident LongLit"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("walk order:\n got %s\nwant %s", got, want)
	}
}

func TestParseExpr(t *testing.T) {
	x, errs := ParseExpr("a has 'b' and c in (1, 2)")
	if errs != nil {
		t.Fatal(errs)
	}
	b, ok := x.(*Binary)
	if !ok || b.Op != OpAnd {
		t.Fatalf("got %T", x)
	}
	if sp := b.Left.Span(); sp != (Span{0, 9}) {
		t.Errorf("left span %v", sp)
	}
	if _, errs := ParseExpr("let x = 1; x"); errs == nil {
		t.Error("two statements accepted as one expression")
	}
}

// TestPipelineStages checks how many operators each pipeline has: an operator
// whose last argument is an expression must not swallow the next stages.
func TestPipelineStages(t *testing.T) {
	tests := []struct {
		name, src string
		want      int
	}{
		{"distinct then order", "T | distinct k, v | order by k desc", 2},
		{"distinct star then take", "T | distinct * | take 3", 2},
		{"distinct one column", "T | distinct k | count", 2},
		{"project then where", "T | project a, b | where a > 1", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, errs := ParseQuery("q.kql", tt.src)
			if errs != nil {
				t.Fatal(errs)
			}
			stmt, ok := q.Stmts[len(q.Stmts)-1].(*ExprStmt)
			if !ok {
				t.Fatalf("last statement is %T", q.Stmts[len(q.Stmts)-1])
			}
			p, ok := stmt.X.(*Pipeline)
			if !ok {
				t.Fatalf("statement is %T, not a pipeline", stmt.X)
			}
			if len(p.Ops) != tt.want {
				t.Errorf("%d operators, want %d", len(p.Ops), tt.want)
			}
		})
	}
}

// TestOperatorVariants checks that an operator's variant (parse-where,
// mvexpand) survives its parameters.
func TestOperatorVariants(t *testing.T) {
	tests := []struct {
		name, src string
		check     func(TabularOp) bool
	}{
		{"parse-where with kind", `T | parse-where kind=regex a with "k=" v`,
			func(o TabularOp) bool { return o.(*Parse).Where }},
		{"parse-where with flags", `T | parse-where flags=i a with "k=" v`,
			func(o TabularOp) bool { return o.(*Parse).Where }},
		{"parse with kind", `T | parse kind=regex a with "k=" v`,
			func(o TabularOp) bool { return !o.(*Parse).Where }},
		{"mvexpand with bagexpansion", `T | mvexpand bagexpansion=array a`,
			func(o TabularOp) bool { return o.(*MvExpand).Legacy }},
		{"mv-expand with bagexpansion", `T | mv-expand bagexpansion=array a`,
			func(o TabularOp) bool { return !o.(*MvExpand).Legacy }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, errs := ParseQuery("q.kql", tt.src)
			if errs != nil {
				t.Fatal(errs)
			}
			p := q.Stmts[0].(*ExprStmt).X.(*Pipeline)
			if !tt.check(p.Ops[0]) {
				t.Errorf("wrong variant: %s", Format(p))
			}
		})
	}
}
