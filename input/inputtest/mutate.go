package inputtest

import (
	"math/rand"
	"testing"
)

// Mutate runs Run over n random mutations of each seed (bytes replaced,
// cut, duplicated), a quick deterministic complement to fuzzing.
func Mutate(t *testing.T, name string, n int, seeds ...[]byte) {
	r := rand.New(rand.NewSource(1))
	for _, seed := range seeds {
		if len(seed) == 0 {
			continue
		}
		for i := 0; i < n; i++ {
			d := append([]byte(nil), seed...)
			switch i % 3 {
			case 0:
				for k := 0; k < 1+i%5; k++ {
					d[r.Intn(len(d))] = byte(r.Intn(256))
				}
			case 1:
				d = d[:r.Intn(len(d))]
			case 2:
				at := r.Intn(len(d))
				d = append(d[:at:at], append(seed[r.Intn(len(seed)):], d[at:]...)...)
			}
			Run(t, name, d)
		}
	}
}
