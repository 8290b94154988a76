// Package builtin holds KQL's scalar functions, aggregations and operator
// semantics as data, independent of the parser: a table of functions, each
// with a Bind step that checks its arguments as Kusto does and returns the
// result type and an implementation specialised for constant arguments.
//
// Contract with the binder and evaluator:
//
//   - Lookup(name) finds a scalar function (aliases included: iif, todynamic,
//     parsejson, ...). Its Bind receives one Arg per argument: the static type
//     and, when the argument is a constant, its value. Bind returns an *Error
//     worded by the catalog in errors.go when Kusto would reject the call.
//     Argument acceptance and result types are checked against Kusto's own
//     analyzer (testdata/analyzer.tsv, testdata/operators.tsv).
//   - typeof(T) arguments (extract's fourth) are passed as Arg{Type: T}.
//   - The Impl returned by Bind is called once per row with the evaluated
//     arguments, of the static types given to Bind (an int where a long is
//     expected is fine). Impls never panic on null or odd values; they return
//     the null of the result type. Impls are safe for concurrent use.
//   - Env carries per-run context: now() in ticks, fixed for the whole run.
//   - LookupAgg(name) finds an aggregation; its Bind returns one type per
//     output column and a constructor of per-group State; states that can
//     be combined implement Merger. DefaultColumnName and
//     PercentileColumnName give summarize's generated column names.
//   - Special(name) lists names the binder or evaluator must handle itself
//     (column_ifexists, toscalar, row_number, prev, next, ...).
//   - String operators (Has, HasCS, HasPrefix, HasSuffix, Contains,
//     StartsWith, EndsWith and their CS forms, EqualFold, NewTermMatcher for
//     has_any / has_all, NewStringSet for in / in~, NewValueSet for in over
//     other types) are plain functions for hot paths and do not allocate on
//     ASCII input. BindBinary, BinaryResultType, EvalBinary, And, Or, Not,
//     Negate, Between, Equal and Compare give the operators' typing and
//     semantics. CompileRegex compiles `matches regex` patterns.
//
// Known gaps:
//   - Decimals are float64 except +, - and * between decimals and integers,
//     which are exact; decimals are kept as canonical text.
//   - dcount is exact (the engine's HyperLogLog estimate equals the exact
//     count at the cardinalities tests see); hll and tdigest sketches are
//     exact too (the distinct values; the [value, weight] pairs), so
//     dcount_hll and percentile_tdigest agree with the engine on small
//     inputs but not byte for byte on the sketches themselves.
//   - Operand pairs the analyzer accepts without a meaningful value
//     (datetime * long, bool < long, datetime + datetime) evaluate to null.
//   - Not implemented: hash_many (the engine's combination of hashes is
//     unknown), geo functions on lines, s2 and h3 cells and polygon
//     geometry (points, geohashes and geo_point_in_polygon are; the latter
//     with straight edges), geo_info_from_ip_address (an empty bag),
//     series_decompose*, series_periods_*, series_fit_*, series_outliers,
//     series_stats (several columns: the binder's), series_seasonal
//     without a period, parse_user_agent, estimate_data_size, current_*
//     and the hll_merge / tdigest_merge aggregations (their scalar forms
//     exist).
//   - datetime_list_timezones lists the system's zone database (empty on
//     hosts without one, such as Windows).
//   - assert(cond, msg) returns cond; a false condition does not fail the
//     query.
//   - min/max, take_any and arg_max skip empty strings as they skip nulls;
//     the engine's treatment of "" there is unverified.
//   - todatetime accepts ISO 8601, RFC 822/850/1123 and month-first US
//     forms, and numbers as ticks; other .NET DateTime.Parse forms are not
//     accepted.
//   - tostring(0.1 + 0.2) is "0.30000000000000007" in the engine (one ulp
//     above the sum); we print the shortest round-trip text of the real.
package builtin

import (
	"sort"

	"github.com/kqlhunt/kqlhunt/value"
)

// Arg describes one argument of a call at bind time.
type Arg struct {
	Type  value.Type   // static type of the argument expression
	Const *value.Value // the value when the argument is a constant, else nil
}

// Env is the per-run context an implementation may read.
type Env struct {
	Now int64 // now() in ticks since 0001-01-01 UTC, fixed for the run
}

// Impl evaluates a bound call over one row's argument values.
type Impl func(env *Env, args []value.Value) value.Value

// Func is one scalar function.
type Func struct {
	Name string
	// Bind checks argument count and types as Kusto does, and returns the
	// result type and an implementation specialised for constant arguments.
	Bind func(args []Arg) (value.Type, Impl, error)
}

var funcs = map[string]*Func{}

// register adds a function under its name and any aliases.
func register(bind func(args []Arg) (value.Type, Impl, error), names ...string) {
	for _, n := range names {
		if _, dup := funcs[n]; dup {
			panic("builtin: duplicate function " + n)
		}
		funcs[n] = &Func{Name: n, Bind: bind}
	}
}

// Lookup returns the scalar function called name (aliases included).
func Lookup(name string) (*Func, bool) {
	f, ok := funcs[name]
	return f, ok
}

// Names returns the names of all scalar functions, sorted.
func Names() []string {
	out := make([]string, 0, len(funcs))
	for n := range funcs {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// SpecialFunc documents a function the binder or evaluator implements
// itself, because it needs the schema, the row order or a subquery.
type SpecialFunc struct {
	Name      string
	Signature string
	Owner     string // "bind" or "eval"
}

var specials = []SpecialFunc{
	{"column_ifexists", "column_ifexists(name: string constant, default: T) -> T", "bind"},
	{"toscalar", "toscalar(tabular) -> scalar of the first column's type", "eval"},
	{"materialize", "materialize(tabular) -> tabular", "eval"},
	{"row_number", "row_number([start: long [, restart: bool]]) -> long", "eval"},
	{"prev", "prev(column [, offset: long [, default]]) -> type of column", "eval"},
	{"next", "next(column [, offset: long [, default]]) -> type of column", "eval"},
	{"row_cumsum", "row_cumsum(term: numeric [, restart: bool]) -> type of term", "eval"},
	{"row_rank_min", "row_rank_min(term [, restart: bool]) -> long", "eval"},
	{"row_rank_dense", "row_rank_dense(term [, restart: bool]) -> long", "eval"},
	{"row_window_session", "row_window_session(expr, maxdist, maxgap [, restart]) -> datetime",
		"eval"},
	{"typeof", "typeof(type) -> type literal for extract and parse", "bind"},
}

// Special returns the description of a function handled outside this
// package, if name is one.
func Special(name string) (SpecialFunc, bool) {
	for _, s := range specials {
		if s.Name == name {
			return s, true
		}
	}
	return SpecialFunc{}, false
}

// Specials returns every function handled outside this package.
func Specials() []SpecialFunc { return append([]SpecialFunc(nil), specials...) }
