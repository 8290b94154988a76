package syntax

// Pieces of operators: nodes that are neither expressions nor stages.

// Assign is an optionally named expression: `Name = Value`, `(A, B) = Value`,
// or just `Value` (Names empty). Used by extend, project, summarize, print ...
type Assign struct {
	base
	Names []*Ident
	Value Expr
}

// Order is a sort direction; OrderDefault means "not written".
type Order uint8

// Sort directions.
const (
	OrderDefault Order = iota // not written
	OrderAsc
	OrderDesc
	OrderGrannyAsc  // project-reorder only
	OrderGrannyDesc // project-reorder only
)

// Nulls says where nulls sort; NullsDefault means "not written".
type Nulls uint8

// Null placements.
const (
	NullsDefault Nulls = iota // not written
	NullsFirst
	NullsLast
)

// SortKey is `X [asc|desc] [nulls first|last]`.
type SortKey struct {
	base
	X     Expr
	Order Order
	Nulls Nulls
}

// OpParam is an operator parameter `Name=Value`, such as kind=inner,
// hint.strategy=broadcast, withsource=T, or a property inside `with (...)`.
type OpParam struct {
	base
	Name  string // as written, possibly dotted (hint.strategy)
	Value Expr   // usually an *Ident or a literal
}

// ParsePart is one element of a parse pattern: `*`, a string literal, or a
// column `Name[:type]`. Exactly one of Star, Text and Column is set.
type ParsePart struct {
	base
	Star   bool
	Text   *StringLit
	Column *ColumnDecl // Type may be ""
}

// MvExpandItem is one column of mv-expand / mv-apply: `[Name =] X [to typeof(T)]`.
type MvExpandItem struct {
	base
	Name *Ident // nil when unnamed
	X    Expr
	To   string // target type; "" when absent
}

// SeriesAgg is one make-series aggregate: `[Name =] agg(...) [default = v]`.
type SeriesAgg struct {
	base
	Agg     *Assign
	Default Expr // nil when absent
}

// TopNestedLevel is one clause of top-nested:
// `[N] of Expr [with others = V] by Agg [asc|desc]`.
type TopNestedLevel struct {
	base
	Count  Expr // nil when absent
	Of     *Assign
	Others Expr // nil when absent
	By     *Assign
	Order  Order
}

// ScanStep is `step Name [output=all|last|none]: Pred [=> assignments]`.
type ScanStep struct {
	base
	Name    *Ident
	Output  string // "", "all", "last" or "none"
	Pred    Expr
	Assigns []*Assign
}

// ReorderItem is a column (or pattern) in project-reorder with an optional order.
type ReorderItem struct {
	base
	X     Expr // *Ident or *Wildcard
	Order Order
}
