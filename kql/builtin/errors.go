package builtin

import (
	"fmt"

	"github.com/kqlhunt/kqlhunt/value"
)

// Every diagnostic this package returns is built here, worded after the
// messages of Kusto's analyzer.

// Error is a bind-time error about a call or an operator.
type Error struct {
	Msg string
}

// Error returns the message.
func (e *Error) Error() string { return e.Msg }

func errf(format string, args ...any) error { return &Error{Msg: fmt.Sprintf(format, args...)} }

func errArgCount(name string, min, max, got int) error {
	switch {
	case max < 0:
		return errf("function '%s' expects at least %d arguments, got %d", name, min, got)
	case min == max:
		return errf("function '%s' expects %d argument%s, got %d", name, min, plural(min), got)
	}
	return errf("function '%s' expects %d to %d arguments, got %d", name, min, max, got)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func errArgType(name string, i int, want string, got value.Type) error {
	return errf("function '%s', argument %d: a value of type %s expected, got %s",
		name, i+1, want, got)
}

func errNotInteger(name string, i int) error {
	return errf("function '%s', argument %d: the expression value must be an integer", name, i+1)
}

func errNotArray(name string, i int) error {
	return errf("function '%s', argument %d: the expression value must be a dynamic array",
		name, i+1)
}

func errNotBag(name string, i int) error {
	return errf("function '%s', argument %d: the expression must be a dynamic bag", name, i+1)
}

func errNotConst(name string, i int) error {
	return errf("function '%s', argument %d: must be a constant", name, i+1)
}

func errBadConst(name string, i int, why string) error {
	return errf("function '%s', argument %d: %s", name, i+1, why)
}

func errOperator(op string, l, r value.Type) error {
	return errf("The operator '%s' is not defined for the operand types %s and %s.", op, l, r)
}

func errUnaryOperator(op string, t value.Type) error {
	return errf("The operator '%s' is not defined for the operand type %s.", op, t)
}

func errNoCommonType(name string) error {
	return errf("function '%s': no common type can be determined from the arguments", name)
}

func errPairs(name string) error {
	return errf("function '%s' expects key and value pairs", name)
}

func errCaseArgs(n int) error {
	return errf("function 'case' expects pairs of predicate and value followed by an else "+
		"value, got %d arguments", n)
}

func errFormatSpecifier(c byte) error {
	return errf("format specifier '%c' is not supported", c)
}

func errBadRegex(pattern string, err error) error {
	return errf("invalid regular expression %q: %v", pattern, err)
}

func errUnknownOperator(op string) error { return errf("unknown operator '%s'", op) }

func errNoCaptureGroup(name, pattern string) error {
	return errf("function '%s': the regular expression '%s' must have at least one capturing group",
		name, pattern)
}
