package eventxml_test

import (
	"testing"

	_ "github.com/kqlhunt/kqlhunt/input/all"
	"github.com/kqlhunt/kqlhunt/input/eventxml"
	"github.com/kqlhunt/kqlhunt/input/inputtest"
	"github.com/kqlhunt/kqlhunt/internal/testenv"
	"github.com/kqlhunt/kqlhunt/winevent"
)

func FuzzXML(f *testing.F) {
	inputtest.Seed(f, testenv.SharedDir(), "datasets/examples_synthetic/*.xml",
		"datasets/examples_synthetic/*.txt", "datasets/derived/tutto_malseclogon.xml")
	f.Add([]byte(`<Events><Event><System><EventID>1</EventID></System></Event><Event>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		inputtest.Run(t, "fuzz.xml", data)
		var ev winevent.Event
		eventxml.Parse(data, &ev)
	})
}
