package input

import "testing"

// naiveScanString is ScanString one byte at a time, the reference.
func naiveScanString(b []byte, i int) (int, error) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return len(b), errUnterminated
}

func FuzzScanString(f *testing.F) {
	for _, s := range []string{`"abc"`, `"a\"b"`, `"\\\\"x"`, `"0123456789abcdef\\\"` +
		`0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\\"`, `"\`,
		`"abcdefgh\\`, `"` + string(make([]byte, 200)) + `\""`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 || b[0] != '"' {
			return
		}
		got, gerr := ScanString(b, 0)
		want, werr := naiveScanString(b, 0)
		if got != want || (gerr == nil) != (werr == nil) {
			t.Fatalf("ScanString(%q) = %d, %v; want %d, %v", b, got, gerr, want, werr)
		}
	})
}
