package main

import (
	"context"
	"os"

	"github.com/kqlhunt/kqlhunt/ruletest"
	"github.com/kqlhunt/kqlhunt/ruletest/kqlengine"
)

func main() {
	var suites []ruletest.Suite
	if len(os.Args) > 1 {
		s, err := ruletest.Load(os.Args[1])
		if err != nil {
			panic(err)
		}
		suites = s
	} else {
		suites, _ = ruletest.Builtin()
	}
	rn := &ruletest.Runner{Engine: kqlengine.Engine{}, Decoder: kqlengine.Decoder{}}
	rs := rn.Run(context.Background(), suites, func(r ruletest.Result) { ruletest.WriteResult(os.Stdout, r) })
	ruletest.WriteSummary(os.Stdout, rs)
}
