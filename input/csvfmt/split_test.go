package csvfmt

import (
	"bytes"
	"context"
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
				lines = append(lines, "  "+e.String())
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
