package eval

import "fmt"

// All evaluator wording lives in this file.

func errUnsupportedOp(name string) error {
	return fmt.Errorf("%s is not supported by kqlhunt yet", name)
}

func errBadRegex(re string, err error) error {
	return fmt.Errorf("invalid regular expression %q: %v", re, err)
}

func errNotConstant(what string) error {
	return fmt.Errorf("the %s must be a constant", what)
}

func errFinished() error { return fmt.Errorf("the run was already finished") }

func errUnknownAgg(name string) error {
	return fmt.Errorf("aggregation %s is not supported by kqlhunt yet", name)
}

func errRangeStep() error {
	return fmt.Errorf("range: the step must move from the start to the end")
}

func errTooManyRows(n int) error {
	return fmt.Errorf("the result exceeds %d rows", n)
}

func errColumnConflict(name string) error {
	return fmt.Errorf("bag_unpack: property %s conflicts with an existing column "+
		"(columnsConflict='error')", name)
}
