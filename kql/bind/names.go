package bind

import (
	"strconv"

	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/kql/syntax"
)

// Generated column names, as Kusto's analyzer gives them.

// keepsName lists functions whose unnamed result takes the name of their
// first argument (tostring(D.y) is D_y, bin(Ts, 1h) is Ts).
var keepsName = map[string]bool{
	"tostring": true, "toint": true, "tolong": true, "todouble": true, "toreal": true,
	"todatetime": true, "totimespan": true, "tobool": true, "toboolean": true,
	"todecimal": true, "toguid": true, "todynamic": true, "parse_json": true,
	"parsejson": true, "abs": true, "floor": true, "round": true, "bin": true,
	"split": true, "startofday": true, "startofweek": true, "startofmonth": true,
	"startofyear": true, "endofday": true, "endofweek": true, "endofmonth": true,
	"endofyear": true, "ceiling": true, "bin_at": true, "bin_auto": true,
	"acos": true, "asin": true, "atan": true, "cos": true, "sin": true, "tan": true,
	"exp": true, "exp2": true, "exp10": true, "log": true, "log2": true, "log10": true,
	"sqrt": true, "gamma": true, "loggamma": true, "erf": true, "erfc": true,
	"tohex": true, "totime": true, "binary_not": true, "bitset_count_ones": true,
}

// prefixedName lists functions whose unnamed result is prefix_Arg.
var prefixedName = map[string]string{"strlen": "strlen", "gettype": "type",
	"string_size": "string_size", "dcount_hll": "dcount_hll",
	"percentile_tdigest": "percentile_tdigest"}

// suffixedName lists functions whose unnamed result is Arg_suffix.
var suffixedName = map[string]string{"array_sort_asc": "sorted", "array_sort_desc": "sorted"}

// selfNamed lists aggregations that name their outputs after their
// arguments rather than with a prefix.
var selfNamed = map[string]bool{"take_any": true, "take_anyif": true, "arg_max": true,
	"arg_min": true}

// exprName returns the name Kusto gives an unnamed expression, or false
// when it gets a ColumnN name.

func exprName(e syntax.Expr) (string, bool) {
	switch e := e.(type) {
	case *syntax.Paren:
		return exprName(e.X)
	case *syntax.Ident:
		return e.Name, true
	case *syntax.Member:
		if id, ok := e.X.(*syntax.Ident); ok && (id.Name == "$left" || id.Name == "$right") {
			return e.Name.Name, true
		}
		if x, ok := exprName(e.X); ok {
			return x + "_" + e.Name.Name, true
		}
	case *syntax.Index:
		x, ok := exprName(e.X)
		if !ok {
			return "", false
		}
		switch i := e.Index.(type) {
		case *syntax.StringLit:
			return x + "_" + i.Value, true
		case *syntax.LongLit:
			return x + "_" + strconv.FormatInt(i.Value, 10), true
		}
	case *syntax.Call:
		name := e.Name.Name
		if len(e.Args) == 0 {
			return "", false
		}
		if name == "column_ifexists" {
			if s, ok := e.Args[0].(*syntax.StringLit); ok {
				return s.Value, true
			}
		}
		if keepsName[name] {
			return exprName(e.Args[0])
		}
		if isAggregate(name) && !selfNamed[name] {
			if x, ok := exprName(e.Args[0]); ok {
				if name == "countif" {
					return name + "_" + x, true
				}
				return builtin.DefaultColumnName(name, x), true
			}
		}
		if p, ok := prefixedName[name]; ok {
			if x, ok := exprName(e.Args[0]); ok {
				return p + "_" + x, true
			}
		}
		if sfx, ok := suffixedName[name]; ok {
			if x, ok := exprName(e.Args[0]); ok {
				return x + "_" + sfx, true
			}
		}
	}
	return "", false
}

// namer hands out ColumnN names and suffixes clashing names.
type namer struct {
	used map[string]bool
	next int
}

func newNamer(existing []Column) *namer {
	n := &namer{used: map[string]bool{}, next: 1}
	for _, c := range existing {
		n.used[c.Name] = true
	}
	return n
}

// column returns the next free ColumnN.
func (n *namer) column() string {
	for {
		name := "Column" + strconv.Itoa(n.next)
		n.next++
		if !n.used[name] {
			n.used[name] = true
			return name
		}
	}
}

// unique returns name, or name1, name2, ... when it is taken.
func (n *namer) unique(name string) string {
	if !n.used[name] {
		n.used[name] = true
		return name
	}
	for i := 1; ; i++ {
		c := name + strconv.Itoa(i)
		if !n.used[c] {
			n.used[c] = true
			return c
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
