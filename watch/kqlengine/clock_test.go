package kqlengine_test

import (
	"time"

	"github.com/kqlhunt/kqlhunt/watch/clock"
)

func newClock(t time.Time) *clock.Manual { return clock.NewManual(t) }
