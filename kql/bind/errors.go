package bind

import (
	"fmt"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// All binder wording lives in this file: one constructor per diagnostic.
// Messages follow Kusto's analyzer where it has one.

func msgUnknownName(name string) string {
	return fmt.Sprintf("The name '%s' does not refer to any known column, table, "+
		"variable or function.", name)
}

func msgUnknownTable(name string) string {
	return fmt.Sprintf("The name '%s' does not refer to any known table, "+
		"tabular variable or function.", name)
}

func msgUnknownFunction(name string) string {
	return fmt.Sprintf("The name '%s' does not refer to any known function.", name)
}

func msgOperandTypes(op string, a, b value.Type) string {
	return fmt.Sprintf("The operator '%s' is not defined for the operand types %s and %s.", op, a, b)
}

func msgOperandType(op string, a value.Type) string {
	return fmt.Sprintf("The operator '%s' is not defined for the operand type %s.", op, a)
}

func msgExpectedType(want string) string {
	return fmt.Sprintf("A value of type %s expected.", want)
}

func msgDuplicateColumn(name string) string {
	return fmt.Sprintf("A column with the name '%s' is already declared.", name)
}

func msgNotScalar() string { return "A scalar expression is expected here." }

func msgNotTabular() string { return "A tabular expression is expected here." }

func msgNotConstant() string { return "A constant value is expected here." }

func msgArgCount(fn string, min, max int) string {
	if min == max {
		return fmt.Sprintf("The function '%s' expects %d argument(s).", fn, min)
	}
	return fmt.Sprintf("The function '%s' expects %d to %d arguments.", fn, min, max)
}

func msgFuncError(fn string, err error) string {
	return fmt.Sprintf("%s: %v", fn, err)
}

func msgUnsupported(what string) string {
	return fmt.Sprintf("%s is not supported by kqlhunt yet.", what)
}

func msgBadLiteral(typ, text string) string {
	return fmt.Sprintf("The %s literal '%s' is not valid.", typ, text)
}

func msgAggregateHere(name string) string {
	return fmt.Sprintf("The aggregate function '%s' can only be used in summarize.", name)
}

func msgNotAggregate() string {
	return "An aggregate function call is expected here."
}

func msgBadJoinKey() string {
	return "A join condition must be a column name or $left.X == $right.Y."
}

func msgColumnsDiffer(names []string) string {
	return fmt.Sprintf("The columns %s are missing.", strings.Join(names, ", "))
}

func msgNoQuery() string { return "The query has no tabular expression to run." }

func msgBadParam(name string) string {
	return fmt.Sprintf("The parameter '%s' has an invalid value.", name)
}

func msgSortDynamic() string { return "Sorting by a dynamic value is not supported." }

func msgNotSerialized(fn string) string {
	return fmt.Sprintf("The function '%s' needs serialized input: sort or serialize first.", fn)
}

func msgBranchTypes(a, b value.Type) string {
	return fmt.Sprintf("The branches have different types: %s and %s.", a, b)
}

func msgPositiveConst(fn string) string {
	return fmt.Sprintf("The function '%s' needs a positive constant offset.", fn)
}

func msgNotDynamic(name string) string {
	return fmt.Sprintf("mv-expand: '%s' must be of type dynamic.", name)
}

func msgColumnAfterString() string { return "The column name must follow a string literal" }
func msgStringAfterStar() string   { return "A string literal must follow a *" }

func msgColumnExpected() string { return "A column name is expected here." }

func msgNotFetched(url string) string {
	return fmt.Sprintf("externaldata: %s is not fetched (kqlhunt reads local files only); "+
		"the table is empty. Give a local copy's path instead.", url)
}
