package csvfmt_test

import (
	"testing"

	_ "github.com/kqlhunt/kqlhunt/input/all"
	"github.com/kqlhunt/kqlhunt/input/inputtest"
	"github.com/kqlhunt/kqlhunt/internal/testenv"
)

func FuzzCSV(f *testing.F) {
	inputtest.Seed(f, testenv.SharedDir(), "datasets/examples_synthetic/*.csv",
		"datasets/mde/*.csv")
	f.Add([]byte("Timestamp [UTC],ActionType,ProcessId\n\"3/4/2025, 1:00:00 PM\",ProcessCreated,7\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		inputtest.Run(t, "fuzz.csv", data)
	})
}
