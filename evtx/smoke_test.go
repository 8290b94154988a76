package evtx

import (
	"context"
	"os"
	"testing"
	"bufio"
)

func TestSmokeDump(t *testing.T) {
	p := os.Getenv("EVTX_FILE")
	if p == "" { t.Skip() }
	fh, _ := os.Open(p)
	st, _ := fh.Stat()
	f, err := Open(fh, st.Size())
	if err != nil { t.Fatal(err) }
	w := bufio.NewWriter(os.Stdout)
	s, err := f.RecordsWith(context.Background(), Options{XML: true}, func(r *Record) error {
		if os.Getenv("JSON") != "" { return WriteJSON(w, r) }
		return WriteXML(w, r)
	})
	w.Flush()
	t.Logf("%+v %v", s, err)
}
