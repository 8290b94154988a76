package eval

import (
	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/kql/builtin"
)

// newAgg returns the constructor of per-group states the binder took from
// builtin's aggregation table.
func newAgg(a *bind.Agg) (func() builtin.State, error) {
	if a.New == nil {
		return nil, errUnknownAgg(a.Func)
	}
	return a.New, nil
}
