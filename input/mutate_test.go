package input_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kqlhunt/kqlhunt/input/inputtest"
	"github.com/kqlhunt/kqlhunt/internal/testenv"
)

func TestMutations(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testenv.Shared(t, "datasets/examples_synthetic"), "*"))
	var seeds [][]byte
	for _, f := range files {
		if data, err := os.ReadFile(f); err == nil {
			seeds = append(seeds, data)
		}
	}
	inputtest.Mutate(t, "mutated", 30, seeds...)
}
