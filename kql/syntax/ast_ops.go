package syntax

// Pipeline is `Source | Op | Op ...`. Source is nil in sub-pipelines that start
// with an operator (mv-apply ... on (...), facet with (...), fork, partition).
type Pipeline struct {
	base
	Source Expr
	Ops    []TabularOp
}

// Datatable is `datatable(col:type, ...) [v, v, ...]`.
type Datatable struct {
	base
	Columns []*ColumnDecl
	Values  []Expr
}

// Print is `print [Name =] expr, ...`.
type Print struct {
	base
	Items []*Assign
}

// Range is `range Name from From to To step Step`.
type Range struct {
	base
	Name *Ident
	From Expr
	To   Expr
	Step Expr
}

// ExternalData is `externaldata(col:type, ...) [ "url", ... ] [with (props)]`.
type ExternalData struct {
	base
	Columns []*ColumnDecl
	URLs    []Expr
	With    []*OpParam
}

// Where is `where Pred` (or its alias `filter`).
type Where struct {
	base
	Pred Expr
}

// Extend is `extend assignments`.
type Extend struct {
	base
	Items []*Assign
}

// Project is `project items`.
type Project struct {
	base
	Items []*Assign
}

// ProjectAway is `project-away cols`; a column may be a *Wildcard pattern.
type ProjectAway struct {
	base
	Cols []Expr
}

// ProjectKeep is `project-keep cols`; a column may be a *Wildcard pattern.
type ProjectKeep struct {
	base
	Cols []Expr
}

// ProjectRename is `project-rename New = Old, ...`.
type ProjectRename struct {
	base
	Items []*Assign
}

// ProjectReorder is `project-reorder cols [asc|desc|granny-asc|granny-desc]`.
type ProjectReorder struct {
	base
	Items []*ReorderItem
}

// Sort is `sort by keys` or `order by keys`.
type Sort struct {
	base
	Params []*OpParam
	Keys   []*SortKey
}

// Take is `take N` or `limit N`.
type Take struct {
	base
	Count Expr
}

// Top is `top N by key`.
type Top struct {
	base
	Count Expr
	By    *SortKey
}

// TopNested is `top-nested level, top-nested level, ...`.
type TopNested struct {
	base
	Levels []*TopNestedLevel
}

// TopHitters is `top-hitters N of X [by Y]`.
type TopHitters struct {
	base
	Count Expr
	Of    Expr
	By    Expr // nil when absent
}

// Count is the `count` operator.
type Count struct {
	base
	As *Ident // `count as Name`; nil when absent
}

// Distinct is `distinct cols` or `distinct *` (a single *Wildcard).
type Distinct struct {
	base
	Params []*OpParam
	Cols   []Expr
}

// Summarize is `summarize [params] aggs [by keys]`.
type Summarize struct {
	base
	Params []*OpParam
	Aggs   []*Assign
	By     []*Assign
}

// Join is `join [params] Right on conditions`. A condition is a column name, a
// `$left.a == $right.b` comparison, or several joined by `and`.
type Join struct {
	base
	Params []*OpParam
	Right  Expr
	On     []Expr
}

// Lookup is `lookup [params] Right on conditions`.
type Lookup struct {
	base
	Params []*OpParam
	Right  Expr
	On     []Expr
}

// Union is `union [params] tables`; a table may be a name, a *Wildcard pattern
// or a parenthesised pipeline. It may start a pipeline.
type Union struct {
	base
	Params []*OpParam
	Tables []Expr
}

// MvExpand is `mv-expand [params] items [limit N]`; Legacy is set for `mvexpand`.
type MvExpand struct {
	base
	Legacy bool
	Params []*OpParam
	Items  []*MvExpandItem
	Limit  Expr
}

// MvApply is `mv-apply [params] items [limit N] on (subquery)`.
type MvApply struct {
	base
	Params []*OpParam
	Items  []*MvExpandItem
	Limit  Expr
	On     *Pipeline
}

// Parse is `parse [params] X with pattern` or, with Where set, `parse-where`.
type Parse struct {
	base
	Where   bool
	Params  []*OpParam
	X       Expr
	Pattern []*ParsePart
}

// ParseKV is `parse-kv X as (k:type, ...) [with (props)]`.
type ParseKV struct {
	base
	X    Expr
	Keys []*ColumnDecl
	With []*OpParam
}

// MakeSeries is `make-series [params] aggs on Axis [from A] [to B] step S [by keys]`
// or with `in range(A, B, S)` (InRange set).
type MakeSeries struct {
	base
	Params  []*OpParam
	Aggs    []*SeriesAgg
	On      Expr
	From    Expr // nil when absent
	To      Expr // nil when absent
	Step    Expr
	InRange bool
	By      []*Assign
}

// Evaluate is `evaluate [params] plugin(args) [: (schema)]`. It may start a pipeline.
type Evaluate struct {
	base
	Params []*OpParam
	Call   *Call
	Schema []*ColumnDecl // output schema; nil when absent
	// AnyCols is set when the output schema ends with `*` (other columns kept).
	AnyCols bool
}

// Serialize is `serialize [Name = X, ...]`.
type Serialize struct {
	base
	Items []*Assign
}

// As is `as [params] Name`.
type As struct {
	base
	Params []*OpParam
	Name   *Ident
}

// Invoke is `invoke f(args)`.
type Invoke struct {
	base
	Call *Call
}

// GetSchema is the `getschema` operator.
type GetSchema struct {
	base
}

// Sample is `sample N`.
type Sample struct {
	base
	Count Expr
}

// SampleDistinct is `sample-distinct N of X`.
type SampleDistinct struct {
	base
	Count Expr
	Of    Expr
}

// Search is `search [params] [in (tables)] Pred`. It may start a pipeline.
type Search struct {
	base
	Params []*OpParam
	Tables []Expr
	Pred   Expr
}

// Find is `find [params] [in (tables)] where Pred [project cols]`. It may start a pipeline.
type Find struct {
	base
	Params  []*OpParam
	Tables  []Expr
	Pred    Expr
	Project []Expr // nil when absent
}

// Render is `render Chart [with (props)]`; it is parsed and ignored.
type Render struct {
	base
	Chart *Ident
	With  []*OpParam
}

// Scan is `scan [params] [declare (cols)] with (steps)`.
type Scan struct {
	base
	Params  []*OpParam
	Declare []*ColumnDecl
	Steps   []*ScanStep
}

// Facet is `facet by cols [with (subquery) | with operator]`.
type Facet struct {
	base
	By   []Expr
	With *Pipeline // nil when absent
}

// Fork is `fork (subquery) [as Name] ...`; branch names are in Names, "" when absent.
type Fork struct {
	base
	Branches []*Pipeline
	Names    []string
}

// Partition is `partition [params] by Col (subquery)` or, in the legacy form,
// `partition by Col { query }`.
type Partition struct {
	base
	Params []*OpParam
	By     Expr
	Sub    Expr // a *Pipeline (implicit input), or a *Paren for the { query } form
}

// Reduce is `reduce by X [with props]`.
type Reduce struct {
	base
	By   Expr
	With []*OpParam
}

// Consume is `consume [params]`.
type Consume struct {
	base
	Params []*OpParam
}
