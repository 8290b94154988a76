package csvfmt

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/kqlhunt/kqlhunt/input"
	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// seqFormat is the CSV format read in order by one reader, the reference
// for the block-parallel Decode.
type seqFormat struct{ Format }

func (seqFormat) Decode(ctx context.Context, src *input.Source, out *input.Emitter) error {
	rc, err := src.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return readSeq(ctx, rc, nil, 0, 0, out)
}

// readAll decodes data with f and renders rows and faults, sorted.
func readAll(t *testing.T, f input.Format, data []byte) string {
	tab, _ := schema.Builtin().Lookup("DeviceProcessEvents")
	req := input.Request{Tables: map[string][]schema.Column{tab.Name: tab.Columns},
		Formats: []input.Format{f}}
	src := input.NewSource("t.csv", int64(len(data)), func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	})
	var mu sync.Mutex
	var lines []string
	sum, err := input.ReadSource(context.Background(), src, req,
		func(_ string, rows [][]value.Value) {
			mu.Lock()
			defer mu.Unlock()
			for _, r := range rows {
				var b strings.Builder
				for _, v := range r {
					b.WriteString(v.Text() + "|")
				}
				lines = append(lines, b.String())
			}
		})
	if err != nil {
		t.Fatal(err)
	}
	for reason, sk := range sum.Skipped {
		lines = append(lines, fmt.Sprintf("skipped %s: %d", reason, sk.Count))
		if sk.Count <= 5 {
			for _, e := range sk.Examples {
				lines = append(lines, fmt.Sprintf("  %s (record %d)", e, e.Record))
			}
		}
	}
	for _, in := range sum.Inputs {
		lines = append(lines, fmt.Sprintf("input %s %v", in.Format, in.Err))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

const header = "Timestamp,ActionType,FileName,ProcessCommandLine,ProcessId\r\n"

// genCSV writes n rows with quoted commas, doubled quotes, newlines in
// quoted fields, blank lines and rows of the wrong width.
func genCSV(r *rand.Rand, n int) []byte {
	var b strings.Builder
	b.WriteString(header)
	for i := range n {
		cmd := fmt.Sprintf("cmd%d", i)
		switch r.Intn(6) {
		case 0:
			cmd = fmt.Sprintf(`"a, ""b""%d"`, i)
		case 1:
			cmd = fmt.Sprintf("\"line\r\nbreak %d\n\"", i)
		case 2:
			b.WriteString("\n")
		}
		if i%97 == 50 { // few enough that every fault is an example
			cmd += ",extra"
		}
		fmt.Fprintf(&b, "2025-03-14T09:26:%02d.446Z,ProcessCreated,a%d.exe,%s,%d\n",
			i%60, i, cmd, i)
	}
	return []byte(b.String())
}

func TestBlocksMatchSequential(t *testing.T) {
	defer func(n int) { blockSize = n }(blockSize)
	blockSize = 256
	r := rand.New(rand.NewSource(1))
	big := genCSV(r, 400)
	cases := map[string][]byte{
		"generated":      big,
		"empty":          nil,
		"header only":    []byte(header),
		"no final nl":    big[:len(big)-1],
		"bare quote":     append(append([]byte(nil), big...), "x,y\"z,1,2,3\n"...),
		"open quote end": append(append([]byte(nil), big...), "x,\"y,1,2,3\n"...),
		"quote then x":   append(append([]byte(nil), big[:3000]...), "\"a\"x,1\n"...),
		"blank header":   append([]byte("\n\r\n"), big...),
	}
	for name, data := range cases {
		for _, cut := range []int{len(data), len(data) / 2, len(data) / 3} {
			d := data[:cut]
			want := readAll(t, seqFormat{}, d)
			if got := readAll(t, Format{}, d); got != want {
				t.Errorf("%s[:%d]: blocks differ from one reader:\n%s\nwant\n%s",
					name, cut, got, want)
			}
		}
	}
}

func FuzzBlocks(f *testing.F) {
	f.Add(genCSV(rand.New(rand.NewSource(2)), 20))
	f.Add([]byte(header + "a,\"b\"\"\r\nc\",d\n\"x\"\r"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer func(n int) { blockSize = n }(blockSize)
		blockSize = 64
		if got, want := readAll(t, Format{}, data), readAll(t, seqFormat{}, data); got != want {
			t.Fatalf("blocks differ from one reader on %q:\n%s\nwant\n%s", data, got, want)
		}
	})
}

// records reads every record of data with one csv.Reader.
func records(data []byte) ([]string, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	var out []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, strings.Join(rec, "\x00"))
	}
}

// FuzzScan checks scan against encoding/csv directly: where scan vouches
// for the input, csv reads it without error, as many records as scan
// counted, and the same records from two halves cut where scan found a
// boundary.
func FuzzScan(f *testing.F) {
	f.Add(genCSV(rand.New(rand.NewSource(3)), 30))
	f.Add([]byte("a,\"b\"\"\r\nc\",d\r\n\r\n\"x\"\r\ny\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := scan(data, 0, true)
		if c.bad {
			return
		}
		whole, err := records(data)
		if err != nil {
			t.Fatalf("scan vouches for %q, csv: %v", data, err)
		}
		if c.end != len(data) || c.recs != int64(len(whole)) {
			t.Fatalf("%q: scan ends at %d with %d records; csv reads %d", data, c.end,
				c.recs, len(whole))
		}
		mid := scan(data[:len(data)/2], 0, false)
		if mid.bad {
			t.Fatalf("%q: a prefix is bad where the whole is not", data)
		}
		if mid.lines != int64(bytes.Count(data[:mid.end], nl)) {
			t.Fatalf("%q: %d lines before %d", data, mid.lines, mid.end)
		}
		a, err1 := records(data[:mid.end])
		b, err2 := records(data[mid.end:])
		if err1 != nil || err2 != nil || strings.Join(append(a, b...), "\n") !=
			strings.Join(whole, "\n") {
			t.Fatalf("%q cut at %d: records differ", data, mid.end)
		}
	})
}
