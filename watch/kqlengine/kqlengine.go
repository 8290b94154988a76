// Package kqlengine plugs kqlhunt's KQL engine (package kql) into watch's
// detect.Engine.
package kqlengine

import (
	"context"
	"sync"
	"time"

	"github.com/kqlhunt/kqlhunt/kql"
	"github.com/kqlhunt/kqlhunt/rules"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
	"github.com/kqlhunt/kqlhunt/watch/detect"
)

// Engine compiles rules with package kql against a schema set.
type Engine struct {
	// Schemas default to schema.Builtin().
	Schemas *schema.Set
}

// Compile compiles the rule's query. The error is kql's (a positioned
// syntax.ErrorList when the query does not compile).
func (e Engine) Compile(r *rules.Rule) (detect.Query, error) {
	set := e.Schemas
	if set == nil {
		set = schema.Builtin()
	}
	name := r.Source
	if name == "" {
		name = r.ID
	}
	q, err := kql.Compile(name, r.Query, kql.Options{Schemas: set})
	if err != nil {
		return nil, err
	}
	var uses []detect.TableUse
	for _, t := range q.Tables() {
		uses = append(uses, detect.TableUse{Name: t.Name, Columns: t.Columns})
	}
	out := &detect.QueryFuncs{TableUses: uses, Result: q.Columns(),
		StartFunc: func(ctx context.Context, now time.Time) detect.Run {
			return start(ctx, q, now)
		}}
	if lb, ok := q.MaxLookback(); ok {
		out.MaxLookback = lb
	}
	return out, nil
}

// start begins a run; an error from Push is returned by Finish.
func start(ctx context.Context, q *kql.Query, now time.Time) detect.Run {
	run := q.Start(ctx, kql.RunOptions{Now: now})
	var mu sync.Mutex
	var pushErr error
	return &detect.RunFuncs{
		PushFunc: func(table string, rows [][]value.Value) {
			if err := run.Push(table, rows); err != nil {
				mu.Lock()
				if pushErr == nil {
					pushErr = err
				}
				mu.Unlock()
			}
		},
		FinishFunc: func() ([][]value.Value, error) {
			mu.Lock()
			err := pushErr
			mu.Unlock()
			if err != nil {
				return nil, err
			}
			res, err := run.Finish()
			if err != nil {
				return nil, err
			}
			return res.Rows, nil
		}}
}
