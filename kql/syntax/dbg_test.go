package syntax

import (
	"os"
	"testing"
)

func TestDbg(t *testing.T) {
	src := os.Getenv("Q")
	q, errs := ParseQuery("q", src)
	if errs != nil {
		t.Fatal(errs.Render("q", src))
	}
	t.Log(Format(q))
	t.Log(shape(q))
}
