package syntax

// Span is a half-open range [Start, End) of byte offsets into the source text.
type Span struct {
	Start int // offset of the first byte
	End   int // offset just past the last byte
}

// Node is implemented by every syntax tree node.
type Node interface {
	// Kind reports the node's kind; never KindInvalid for a parsed node.
	Kind() Kind
	// Span reports the node's byte range in the source.
	Span() Span
	// ID reports the node's identity, unique within one parsed query
	// (1..Query.MaxID). Later stages key side tables by it.
	ID() int
}

// Expr is a scalar or tabular expression. The parser cannot always tell the two
// apart (`let x = T;` may name a table or a scalar), so both share this interface;
// an *Ident or *Call may denote either, and the binder decides.
type Expr interface {
	Node
	exprNode()
}

// TabularOp is one stage of a pipeline: the operator after a `|`.
// Union, Evaluate, Search and Find may also start a pipeline; they then implement Expr too.
type TabularOp interface {
	Node
	opNode()
}

// Statement is one `;`-separated statement of a query or function body.
type Statement interface {
	Node
	stmtNode()
}

// base holds the fields shared by every node.
type base struct {
	id   int
	span Span
}

// ID implements Node.
func (b *base) ID() int { return b.id }

// Span implements Node.
func (b *base) Span() Span { return b.span }

// Query is the root node: the statements of a query text. The last statement of a
// runnable query is an *ExprStmt holding the tabular query expression.
type Query struct {
	base
	Stmts []Statement
	// MaxID is the largest node ID in the tree. IDs lie in 1..MaxID and are
	// dense when the parse reported no errors (failed stages leave gaps).
	MaxID int
}

// LetStmt is `let Name = Value`. Value is a scalar or tabular expression, or a
// *FuncDecl for functions and views.
type LetStmt struct {
	base
	Name  *Ident
	Value Expr
}

// DeclareStmt is `declare query_parameters(p:type = default, ...)`.
type DeclareStmt struct {
	base
	Params []*Param
}

// SetStmt is `set Name [= Value]` (a request option); it is kept but has no meaning here.
type SetStmt struct {
	base
	Name  string // dotted option name as written
	Value Expr   // nil when the option has no value
}

// ExprStmt is a statement made of an expression: the query body.
type ExprStmt struct {
	base
	X Expr
}

// FuncDecl is a user function or view: `(params) { body }` or `view (params) { body }`.
// The body's last statement is normally an *ExprStmt giving the result.
type FuncDecl struct {
	base
	View   bool
	Params []*Param
	Body   []Statement
}

// Param is a function or query parameter: `Name:type [= Default]`, or a tabular
// parameter `Name:(col:type, ...)` / `Name:(*)`.
type Param struct {
	base
	Name    *Ident
	Type    string        // scalar type name as written; "" for tabular parameters
	Tabular bool          // tabular parameter
	Schema  []*ColumnDecl // columns of a tabular parameter
	AnyCols bool          // tabular parameter written `(*)` or with a trailing `*`
	Default Expr          // nil when absent
}

// ColumnDecl is `Name:type` in a schema (datatable, externaldata, parse, scan declare).
type ColumnDecl struct {
	base
	Name    *Ident
	Type    string // type name as written (e.g. "string", "long", "datetime")
	Default Expr   // `= value` in scan declare and parse-kv; nil when absent
}

// Kind identifies the concrete type of a node. The zero value is invalid.
type Kind uint8

// Node kinds. The set is closed: every node type in this package has one.
const (
	KindInvalid Kind = iota // zero value: no node has it

	// Statements and structure.
	KindQuery
	KindLetStmt
	KindDeclareStmt
	KindSetStmt
	KindExprStmt
	KindFuncDecl
	KindParam
	KindColumnDecl

	// Scalar expressions.
	KindIdent
	KindWildcard
	KindStringLit
	KindLongLit
	KindRealLit
	KindBoolLit
	KindTimespanLit
	KindTypedLit
	KindNullLit
	KindDynamic
	KindDynArray
	KindDynBag
	KindBagEntry
	KindTypeOf
	KindParen
	KindUnary
	KindBinary
	KindInExpr
	KindBetween
	KindCall
	KindNamedArg
	KindMember
	KindIndex

	// Tabular sources.
	KindPipeline
	KindDatatable
	KindPrint
	KindRange
	KindExternalData

	// Pieces of operators.
	KindAssign
	KindSortKey
	KindOpParam
	KindParsePart
	KindMvExpandItem
	KindSeriesAgg
	KindTopNestedLevel
	KindScanStep
	KindReorderItem

	// Tabular operators.
	KindWhere
	KindExtend
	KindProject
	KindProjectAway
	KindProjectKeep
	KindProjectRename
	KindProjectReorder
	KindSort
	KindTake
	KindTop
	KindTopNested
	KindTopHitters
	KindCount
	KindDistinct
	KindSummarize
	KindJoin
	KindLookup
	KindUnion
	KindMvExpand
	KindMvApply
	KindParse
	KindParseKV
	KindMakeSeries
	KindEvaluate
	KindSerialize
	KindAs
	KindInvoke
	KindGetSchema
	KindSample
	KindSampleDistinct
	KindSearch
	KindFind
	KindRender
	KindScan
	KindFacet
	KindFork
	KindPartition
	KindReduce
	KindConsume

	kindCount // number of kinds; keep last
)
