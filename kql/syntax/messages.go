package syntax

import "fmt"

// All diagnostic wording lives in this file: one constructor per message.

func msgBadChar(r rune) string      { return fmt.Sprintf("unexpected character %q", r) }
func msgBadBang() string            { return "'!' must be followed by an operator name" }
func msgUnterminatedString() string { return "string literal not terminated" }
func msgBadEscape(esc string) string {
	return fmt.Sprintf("unknown escape sequence %q in string literal", esc)
}
func msgNumberRange(text string) string { return fmt.Sprintf("number %s is out of range", text) }

func msgExpected(want string, got token) string {
	return fmt.Sprintf("expected %s, found %s", want, got.describe())
}
func msgExpectedExpr(got token) string { return msgExpected("an expression", got) }
func msgUnknownOperator(name string) string {
	return fmt.Sprintf("unknown query operator %q", name)
}
func msgSingleEquals() string {
	return "'=' is not a comparison; use '==' (or '=~' to ignore case)"
}
func msgOneValue(op string) string {
	return fmt.Sprintf("%s takes one value, not a list; use has_any or in for a list", op)
}
func msgChainedComparison(op string) string {
	return fmt.Sprintf("comparison operators cannot be chained: parenthesise before %s", op)
}
func msgUnexpectedAfterQuery(got token) string {
	return fmt.Sprintf("unexpected %s after the end of the statement; missing '|' or ';'?",
		got.describe())
}
func msgNotPipeOp(name string) string {
	return fmt.Sprintf("%s can only start a query, not follow '|'", name)
}
func msgTooDeep() string { return "expression nested too deeply" }
func msgBadDynamic(got token) string {
	return msgExpected("a literal, array or property bag inside dynamic()", got)
}
func msgNotOneExpr() string { return "expected exactly one expression" }
func msgReservedName(name string) string {
	return fmt.Sprintf("%q is a keyword; write ['%s'] to use it as a name", name, name)
}
