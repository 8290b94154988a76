package ruletest

import (
	builtintests "github.com/kqlhunt/kqlhunt/rules/builtin/tests"

	tuningexamples "github.com/kqlhunt/kqlhunt/examples/tuning"
)

// Builtin returns the tests shipped in the binary: those of the built-in
// rules and those of the tuning examples.
func Builtin() ([]Suite, error) {
	a, err := LoadFS(builtintests.FS, ".", "builtin:rules/builtin/tests/")
	if err != nil {
		return nil, err
	}
	b, err := LoadFS(tuningexamples.FS, ".", "builtin:examples/tuning/")
	if err != nil {
		return nil, err
	}
	return append(a, b...), nil
}
