package builtin

import (
	"strconv"
	"strings"
)

// aggPrefix maps aggregations whose default column is prefix + "_" + X.
var aggPrefix = map[string]string{
	"make_set": "set", "makeset": "set", "make_set_if": "set",
	"make_list": "list", "makelist": "list", "make_list_if": "list",
	"make_list_with_nulls": "list",
	"make_bag":             "bag", "make_bag_if": "bag",
}

// DefaultColumnName returns the column name summarize gives an unnamed
// aggregation over the column (or name-like expression) argColumn, "" when
// there is none: count() -> count_, count(X) -> count_X, countif -> countif_,
// dcount(X) -> dcount_X, make_set(X) -> set_X, make_list(X) -> list_X,
// make_bag(X) -> bag_X, take_any(X) and binary_all_or(X) (and, xor) -> X, percentile(X, 50) ->
// percentile_X_50 (use PercentileColumnName for each percentage),
// percentiles_array(X, ...) -> percentiles_X, and
// name_X for the others (min_X, sum_X, avgif_X, any_X, ...). arg_max and
// arg_min name their columns after their arguments, which is the
// evaluator's to do.
func DefaultColumnName(aggName, argColumn string) string {
	switch aggName {
	case "countif":
		return "countif_"
	case "take_any", "take_anyif", "binary_all_and", "binary_all_or", "binary_all_xor":
		if argColumn != "" {
			return argColumn
		}
	}
	if p, ok := aggPrefix[aggName]; ok {
		return p + "_" + argColumn
	}
	switch aggName {
	case "percentile", "percentiles", "percentilew", "percentilesw":
		return "percentile_" + argColumn
	case "percentiles_array", "percentilesw_array":
		return "percentiles_" + argColumn
	}
	return aggName + "_" + argColumn
}

// PercentileColumnName names one output of percentile / percentiles:
// percentile_X_50, percentile_X_99_5.
func PercentileColumnName(argColumn string, p float64) string {
	s := strconv.FormatFloat(p, 'f', -1, 64)
	return "percentile_" + argColumn + "_" + strings.ReplaceAll(s, ".", "_")
}
