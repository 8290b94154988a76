package bind

import (
	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
	"sync"
)

// Query is a bound query: its result, the tables it reads and what it
// needs of them.
type Query struct {
	// Body is the tabular expression whose rows are the result.
	Body *Tabular
	// Tables lists each source table once, with the narrow set of columns
	// the query needs, in the table's order.
	Tables []TableUse
	// Lookback is the widest ago(<constant>) window, when HasLookback.
	Lookback    int64
	HasLookback bool
	// Open holds when the result columns depend on the data (bag_unpack).
	Open bool
	// Warnings are positioned diagnostics that did not stop binding (an
	// externaldata URL that was not fetched, for example).
	Warnings syntax.ErrorList
	// Cache holds what evaluation builds once per query and shares between
	// its runs, keyed by bound node (such as the term matcher of a has_any
	// with constant needles); its values must be immutable.
	Cache sync.Map
}

// TableUse is a table the query reads and the columns it needs.
type TableUse struct {
	Name    string
	Columns []schema.Column
}

// Tabular is a bound tabular expression: a source and its operators.
type Tabular struct {
	Source  Source
	Ops     []Op
	Columns []Column // result columns, as Kusto names and types them
	// Serialized holds when rows have an order window functions may use
	// (after sort, top, serialize, range).
	Serialized bool
	// Open holds when columns depend on the data (bag_unpack): the bound
	// Columns are only those known in advance.
	Open bool
	// Name is the name given by `as`, used by union withsource.
	Name string
}

// Source produces the rows a tabular expression starts from.
type Source interface{ isSource() }

// Op is one tabular operator over rows.
type Op interface{ isOp() }

// Scan reads a table given to the run (pushed rows or in-memory tables).
type Scan struct {
	Table string
}

// Literal is a datatable: constant rows.
type Literal struct {
	Columns []Column
	Rows    [][]value.Value
}

// Print is print: one row of expressions over no input.
type Print struct {
	Items []Assign
}

// Range is range Name from A to B step S.
type Range struct {
	Name           string
	From, To, Step Expr
}

// Union concatenates its legs; Columns are the output columns, each leg's
// columns are found by name (Legs[i] column name for output j in
// LegCols[i][j], "" when absent). WithSource names the added first column.
type Union struct {
	Out        []Column // output columns, the WithSource column first
	Legs       []*Tabular
	LegNames   []string
	LegCols    [][]string
	WithSource string
}

// Materialized is materialize(T) or a let-bound tabular referenced by
// name: evaluated once per run and shared by ID.
type Materialized struct {
	ID  int
	Sub *Tabular
}

func (*Scan) isSource()         {}
func (*Literal) isSource()      {}
func (*Print) isSource()        {}
func (*Range) isSource()        {}
func (*Union) isSource()        {}
func (*Materialized) isSource() {}

// Assign is one output column of extend, project, summarize by, ...
type Assign struct {
	Name string
	Expr Expr
}

// Where keeps rows whose predicate is true.
type Where struct{ Pred Expr }

// Extend adds columns, or replaces a column of the same name in place.
type Extend struct{ Items []Assign }

// Project computes exactly the listed columns, in order.
type Project struct{ Items []Assign }

// Select keeps the named input columns in this order (project-away,
// project-keep, project-reorder; also used after rename).
type Select struct{ Names []string }

// Rename renames input columns (project-rename).
type Rename struct{ From, To []string }

// SortKey is one key of sort or top.
type SortKey struct {
	Expr       Expr
	Desc       bool
	NullsFirst bool
}

// Sort orders rows by its keys.
type Sort struct{ Keys []SortKey }

// Take keeps the first N rows.
type Take struct{ N Expr }

// Top is sort + take.
type Top struct {
	N    Expr
	Keys []SortKey
}

// Count replaces the rows by one row holding their count, column Count.
type Count struct{}

// Distinct keeps distinct combinations of the listed columns.
type Distinct struct{ Items []Assign }

// Agg is one aggregation of summarize. Outputs lists the columns it
// produces (usually one; arg_max and percentiles produce several).
type Agg struct {
	Func    string
	Args    []Expr
	Outputs []Column
	// Star is set for arg_max(x, *) style aggregations: Args[1:] are the
	// input columns returned.
	Star bool
	// New makes the state of one group (builtin's aggregation table).
	New func() builtin.State
}

// Summarize groups by By and computes Aggs per group.
type Summarize struct {
	By   []Assign
	Aggs []Agg
}

// JoinCol is one output column of a join: a left or right column by name.
type JoinCol struct {
	Right bool
	Src   string
	Name  string
}

// Join joins its input (left) with Right on equal keys.
type Join struct {
	Kind      string
	Lookup    bool // lookup: one right row per key (the last)
	Right     *Tabular
	LeftKeys  []Expr
	RightKeys []Expr
	Out       []JoinCol
}

// MvExpand expands dynamic arrays or bags into rows.
type MvExpand struct {
	Items     []Assign // the expanded columns (existing ones are replaced)
	ToTypes   []value.Type
	IndexName string // with_itemindex=
	Limit     int64
	Bag       bool // kind=array when false: bags expand to key/value pairs
}

// Window is a serialized extend: its expressions may use row_number,
// prev, next and row_cumsum.
type Window struct{ Items []Assign }

func (*Where) isOp()     {}
func (*Extend) isOp()    {}
func (*Project) isOp()   {}
func (*Select) isOp()    {}
func (*Rename) isOp()    {}
func (*Sort) isOp()      {}
func (*Take) isOp()      {}
func (*Top) isOp()       {}
func (*Count) isOp()     {}
func (*Distinct) isOp()  {}
func (*Summarize) isOp() {}
func (*Join) isOp()      {}
func (*MvExpand) isOp()  {}
func (*Window) isOp()    {}

// RowSource is the source of an mv-apply sub-query: the rows expanded from
// one input row.
type RowSource struct{}

func (*RowSource) isSource() {}

// MvApply expands each input row (Expand) and runs Sub over the expanded
// rows; each result row is the input row's Keep columns followed by the
// sub-query's columns.
type MvApply struct {
	Expand *MvExpand
	Sub    *Tabular
	Keep   []string
}

func (*MvApply) isOp() {}

// BagUnpack is evaluate bag_unpack: one column per property of a dynamic
// bag. Its output columns depend on the data: the evaluator compiles the
// operators after it once it has seen the rows.
type BagUnpack struct {
	Col     string
	Prefix  string
	Ignored []string
	// Conflict says what a property named as another input column does:
	// "error" (the default), "replace_source" or "keep_source".
	Conflict string
}

func (*BagUnpack) isOp() {}

// Pivot is evaluate pivot(Col, agg, by...): one column per distinct value
// of Col holding agg over the rows of each By group. Its columns depend on
// the data, as with BagUnpack.
type Pivot struct {
	Col Expr
	Agg Agg
	By  []Assign
}

func (*Pivot) isOp() {}
