package bind

import (
	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/value"
)

// The bound form of a query. The binder turns the syntax tree into these
// nodes: names are resolved, every expression has a type, functions are
// bound to their implementations and every decision Kusto makes at compile
// time (generated column names, clash suffixes, replaced positions) is made
// here, so the evaluator only has to run it.

// Column is one named, typed column of a bound tabular expression.
type Column struct {
	Name string
	Type value.Type
	// srcs are the source columns this column passes through unchanged;
	// marking it used marks them all (narrow reads).
	srcs []*srcCol
}

// srcCol is one column of one table read by the query.
type srcCol struct {
	used bool
}

// Expr is a bound scalar expression.
type Expr interface {
	// Type returns the expression's KQL type.
	Type() value.Type
	// Pos returns the byte offset of the expression in the query text.
	Pos() int
}

type exprBase struct {
	T value.Type
	P int
}

// Type implements Expr.
func (e *exprBase) Type() value.Type { return e.T }

// Pos implements Expr.
func (e *exprBase) Pos() int { return e.P }

// Const is a constant: a literal or a sub-expression folded at bind time.
type Const struct {
	exprBase
	V value.Value
}

// ColRef reads a column of the operator's input by name.
type ColRef struct {
	exprBase
	Name string
}

// Impl is a scalar function implementation (builtin's).
type Impl = builtin.Impl

// Call applies a scalar function to its evaluated arguments.
type Call struct {
	exprBase
	Name string
	Args []Expr
	Impl Impl
}

// Logic is an and/or chain, flattened: And holds for and.
type Logic struct {
	exprBase
	And  bool
	Args []Expr
}

// Not is not(x).
type Not struct {
	exprBase
	X Expr
}

// BinOp names a binary operator (arithmetic, comparison or string).
type BinOp string

// Binary is a binary operator whose operands are scalars; Fn, when set,
// is builtin's implementation (arithmetic), used where the evaluator has
// no specialised form.
type Binary struct {
	exprBase
	Op   BinOp
	L, R Expr
	Fn   builtin.BinaryFunc
}

// In is x in (...), !in, in~ and !in~. Consts holds the constant elements
// (dynamic arrays flattened); Exprs the non-constant ones; Sub a tabular
// operand whose first column is the set.
type In struct {
	exprBase
	X      Expr
	Negate bool
	Fold   bool // in~: case-insensitive
	Consts []value.Value
	Exprs  []Expr
	Sub    *Tabular
}

// HasAny is has_any / has_all over constant needles (dynamic arrays
// flattened) or, with Sub, the first column of a tabular operand.
type HasAny struct {
	exprBase
	X       Expr
	All     bool
	Needles []string
	Exprs   []Expr
	Sub     *Tabular
}

// Between is x between (lo .. hi) and !between.
type Between struct {
	exprBase
	X, Lo, Hi Expr
	Negate    bool
}

// Member is d.key or d["key"]: a dynamic property access.
type Member struct {
	exprBase
	X   Expr
	Key string
}

// Index is d[i]: an array element (negative from the end) or, when the
// index is a string, a property.
type Index struct {
	exprBase
	X, I Expr
}

// Cond is iff/iif and case: the first true condition picks its value.
type Cond struct {
	exprBase
	Conds []Expr
	Vals  []Expr // len(Conds)+1: the last is the else value
}

// ToScalar is toscalar(T): the first column of the first row, computed
// once per run.
type ToScalar struct {
	exprBase
	Sub *Tabular
}

// Cast converts its operand to T (used where Kusto widens implicitly,
// such as iff branches of different types becoming dynamic).
type Cast struct {
	exprBase
	X Expr
}

// WindowFn is row_number, prev, next, row_cumsum, row_rank_min or
// row_rank_dense: evaluated in row order by a Window operator.
type WindowFn struct {
	exprBase
	Name string
	Args []Expr
}

// OpenCol is column_ifexists over columns known only at run time (after
// bag_unpack): the column when the rows have it, else Default.
type OpenCol struct {
	exprBase
	Name    string
	Default Expr
}
