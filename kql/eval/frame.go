// Package eval plans and evaluates bound KQL queries (package bind) over
// rows of values.
//
// Expressions are compiled once per run into closures over a row; the
// streamable prefix of each table scan (where, extend, project, ...) runs
// in Push, in the caller's goroutine, and only surviving rows are kept;
// everything after the first blocking operator runs in Finish.
package eval

import (
	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/value"
)

// Row is one row: a value per column of its schema.
type Row = []value.Value

// Frame is the per-goroutine state expressions run with: the run's fixed
// now and a scratch stack for function arguments, so that calls do not
// allocate per row.
type Frame struct {
	env   builtin.Env
	stack []value.Value
	run   *Run
}

// Scalar is a compiled scalar expression.
type Scalar func(f *Frame, r Row) value.Value

// Tri is a three-valued truth: KQL predicates may be null.
type Tri uint8

// The truth values.
const (
	False Tri = iota
	True
	Null
)

// Cond is a compiled predicate.
type Cond func(f *Frame, r Row) Tri

// triOf turns a bool value into a Tri.
func triOf(v value.Value) Tri {
	if v.IsNull() {
		return Null
	}
	if v.Type() == value.Dynamic {
		s := v.Unwrap()
		if s.Type() != value.Bool || s.IsNull() {
			return Null
		}
		v = s
	}
	if v.Bool() {
		return True
	}
	return False
}

// boolValue turns a Tri into a bool value.
func boolValue(t Tri) value.Value {
	switch t {
	case True:
		return value.NewBool(true)
	case False:
		return value.NewBool(false)
	}
	return value.Null(value.Bool)
}

func triBool(b bool) Tri {
	if b {
		return True
	}
	return False
}

// newFrame returns a frame for one goroutine of a run.
func (r *Run) newFrame() *Frame {
	return &Frame{env: builtin.Env{Now: r.now}, stack: make([]value.Value, 0, 16), run: r}
}
