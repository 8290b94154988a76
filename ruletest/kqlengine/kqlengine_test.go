package kqlengine

import (
	"bytes"
	"context"
	"testing"

	"github.com/kqlhunt/kqlhunt/ruletest"
)

// TestBuiltinTests runs every test shipped in the binary (the built-in
// rules' tests and the tuning examples' tests) on the real engine.
func TestBuiltinTests(t *testing.T) {
	suites, err := ruletest.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	rn := &ruletest.Runner{Engine: Engine{}, Decoder: Decoder{}}
	for _, r := range rn.Run(context.Background(), suites, nil) {
		if !r.Passed {
			var b bytes.Buffer
			ruletest.WriteResult(&b, r)
			t.Errorf("%s", b.String())
		}
	}
}

// TestDiskTests runs the test files on disk that are not embedded: the
// query-only examples of ruletest/testdata, and the tuning examples read
// from disk (as kqlhunt test examples/tuning reads them).
func TestDiskTests(t *testing.T) {
	for _, dir := range []string{"../testdata", "../../examples/tuning"} {
		suites, err := ruletest.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		rn := &ruletest.Runner{Engine: Engine{}, Decoder: Decoder{}}
		for _, r := range rn.Run(context.Background(), suites, nil) {
			if !r.Passed {
				var b bytes.Buffer
				ruletest.WriteResult(&b, r)
				t.Errorf("%s", b.String())
			}
		}
	}
}
