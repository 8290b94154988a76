package syntax

// Ident is a name: a column, table, let name or function name. Quoted names
// (`['a b']`) hold their unquoted text. `$left` and `$right` are Idents too.
type Ident struct {
	base
	Name string
}

// Wildcard is `*` (as in `pack_array(*)` or `distinct *`) or a name pattern
// containing `*` (as in `project-away Col*` or `union Device*`).
type Wildcard struct {
	base
	Pattern string // "*" or e.g. "Col*"
}

// StringLit is a string literal; adjacent literals are joined into one node.
type StringLit struct {
	base
	Value      string // decoded text
	Obfuscated bool   // written h"..." (kept out of logs by Kusto)
}

// LongLit is an integer literal such as 123 or 0x1F.
type LongLit struct {
	base
	Value int64
}

// RealLit is a real literal such as 1.5 or 1e3.
type RealLit struct {
	base
	Value float64
}

// BoolLit is true or false.
type BoolLit struct {
	base
	Value bool
}

// TimespanLit is a timespan: `1d`, `1.5h`, `10ms`, or `time(1.00:00:00)`.
type TimespanLit struct {
	base
	Ticks int64 // 100-nanosecond units
}

// TypedLit is a literal written `type(text)`: datetime(2021-01-01), guid(...),
// decimal(1.5), real(nan), long(null), bool(null), timespan(null) ... Text is
// the raw content between the parentheses, trimmed, with quotes removed when the
// content was a quoted string. Text "null" denotes the typed null.
type TypedLit struct {
	base
	Type string // type name as written, lower case (datetime, guid, real, ...)
	Text string
}

// NullLit is `null`, found only inside dynamic(...) contents.
type NullLit struct {
	base
}

// Dynamic is `dynamic(...)`; Value is a literal, *DynArray, *DynBag or *NullLit.
type Dynamic struct {
	base
	Value Expr
}

// DynArray is `[v, ...]` inside dynamic(...).
type DynArray struct {
	base
	Elems []Expr
}

// DynBag is `{"k": v, ...}` inside dynamic(...).
type DynBag struct {
	base
	Entries []*BagEntry
}

// BagEntry is one `"key": value` pair of a DynBag.
type BagEntry struct {
	base
	Key   string
	Value Expr
}

// TypeOf is `typeof(type)` or `typeof(col:type, ...)`.
type TypeOf struct {
	base
	Type   string        // scalar type name; "" when Schema is set
	Schema []*ColumnDecl // tabular form
}

// Paren is a parenthesised expression, scalar or tabular.
type Paren struct {
	base
	X Expr
}

// Unary is `-X` or `+X` (Op is OpNeg or OpPos).
type Unary struct {
	base
	Op Op
	X  Expr
}

// Binary is `Left Op Right` for arithmetic, comparison, logical and string operators.
type Binary struct {
	base
	Op    Op
	OpPos int // byte offset of the operator
	Left  Expr
	Right Expr
}

// InExpr is `X in (items)` and its relatives (Op is one of OpIn, OpNotIn, OpInCI,
// OpNotInCI, OpHasAny, OpHasAll). An item may be a scalar, a name of a dynamic
// array or of a table, or a tabular expression (a *Pipeline).
type InExpr struct {
	base
	Op    Op
	OpPos int
	X     Expr
	Items []Expr
}

// Between is `X between (Lo .. Hi)` or `X !between (Lo .. Hi)`.
type Between struct {
	base
	Not bool
	X   Expr
	Lo  Expr
	Hi  Expr
}

// Call is a function call `Name(Args)`. Arguments may be tabular (toscalar(T | ...)),
// a *Wildcard (pack_array(*)) or a *NamedArg.
type Call struct {
	base
	Name *Ident
	Args []Expr
	// Target is the receiver of a dotted call such as cluster("c").database("d"):
	// for database(...) it is the cluster(...) call. Nil for plain calls.
	Target Expr
}

// NamedArg is `Name = Value` as a call argument.
type NamedArg struct {
	base
	Name  *Ident
	Value Expr
}

// Member is `X.Name`, e.g. `$left.Key` or `Bag.field`.
type Member struct {
	base
	X    Expr
	Name *Ident
}

// Index is `X[Index]`, e.g. `Bag["field"]` or `Arr[0]`.
type Index struct {
	base
	X     Expr
	Index Expr
}

// Op is an operator of a Unary, Binary or InExpr node. The zero value is invalid.
type Op uint8

// Operators.
const (
	OpInvalid Op = iota
	OpOr
	OpAnd
	OpEq    // ==
	OpNe    // !=
	OpLt    // <
	OpLe    // <=
	OpGt    // >
	OpGe    // >=
	OpEqCI  // =~
	OpNeCI  // !~
	OpAdd   // +
	OpSub   // -
	OpMul   // *
	OpDiv   // /
	OpMod   // %
	OpNeg   // unary -
	OpPos   // unary +
	OpIn    // in
	OpNotIn // !in
	OpInCI  // in~
	OpNotInCI
	OpHasAny
	OpHasAll
	OpMatchesRegex
	OpHas
	OpNotHas
	OpHasCs
	OpNotHasCs
	OpHasPrefix
	OpNotHasPrefix
	OpHasPrefixCs
	OpNotHasPrefixCs
	OpHasSuffix
	OpNotHasSuffix
	OpHasSuffixCs
	OpNotHasSuffixCs
	OpContains
	OpNotContains
	OpContainsCs
	OpNotContainsCs
	OpStartsWith
	OpNotStartsWith
	OpStartsWithCs
	OpNotStartsWithCs
	OpEndsWith
	OpNotEndsWith
	OpEndsWithCs
	OpNotEndsWithCs
	OpLike // like (reserved; parsed where Kusto accepts it)
	OpNotLike

	opCount // number of operators; keep last
)

var opText = [opCount]string{
	OpOr: "or", OpAnd: "and", OpEq: "==", OpNe: "!=", OpLt: "<", OpLe: "<=",
	OpGt: ">", OpGe: ">=", OpEqCI: "=~", OpNeCI: "!~", OpAdd: "+", OpSub: "-",
	OpMul: "*", OpDiv: "/", OpMod: "%", OpNeg: "-", OpPos: "+",
	OpIn: "in", OpNotIn: "!in", OpInCI: "in~", OpNotInCI: "!in~",
	OpHasAny: "has_any", OpHasAll: "has_all", OpMatchesRegex: "matches regex",
	OpHas: "has", OpNotHas: "!has", OpHasCs: "has_cs", OpNotHasCs: "!has_cs",
	OpHasPrefix: "hasprefix", OpNotHasPrefix: "!hasprefix",
	OpHasPrefixCs: "hasprefix_cs", OpNotHasPrefixCs: "!hasprefix_cs",
	OpHasSuffix: "hassuffix", OpNotHasSuffix: "!hassuffix",
	OpHasSuffixCs: "hassuffix_cs", OpNotHasSuffixCs: "!hassuffix_cs",
	OpContains: "contains", OpNotContains: "!contains",
	OpContainsCs: "contains_cs", OpNotContainsCs: "!contains_cs",
	OpStartsWith: "startswith", OpNotStartsWith: "!startswith",
	OpStartsWithCs: "startswith_cs", OpNotStartsWithCs: "!startswith_cs",
	OpEndsWith: "endswith", OpNotEndsWith: "!endswith",
	OpEndsWithCs: "endswith_cs", OpNotEndsWithCs: "!endswith_cs",
	OpLike: "like", OpNotLike: "!like",
}

// String returns the operator as written in KQL.
func (o Op) String() string {
	if o < opCount && opText[o] != "" {
		return opText[o]
	}
	return "<invalid op>"
}
