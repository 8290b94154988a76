package syntax

import (
	"os"
	"strings"
	"testing"

	"github.com/kqlhunt/kqlhunt/internal/testenv"
)

// seedQuery returns the KQL block of the seed file.
func seedQuery(tb testing.TB) string {
	path := testenv.Shared(tb, "seed/000_3a72e532289954b0.txt")
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	s := string(data)
	i := strings.Index(s, "let SensitiveExtensions")
	j := strings.Index(s, "| sort by Timestamp desc")
	if i < 0 || j < i {
		tb.Fatal("seed query not found")
	}
	return s[i : j+len("| sort by Timestamp desc")]
}

func TestSeed(t *testing.T) {
	src := seedQuery(t)
	q, errs := ParseQuery("seed.kql", src)
	if errs != nil {
		t.Fatalf("%s", errs.Render("seed.kql", src))
	}
	checkRoundTrip(t, "seed", src)
	t.Log(Format(q))
}

func BenchmarkParse(b *testing.B) {
	src := seedQuery(b)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, errs := ParseQuery("seed.kql", src); errs != nil {
			b.Fatal(errs)
		}
	}
}
