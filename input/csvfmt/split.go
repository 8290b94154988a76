package csvfmt

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"sync"

	"github.com/kqlhunt/kqlhunt/input"
)

// blockSize is about how much input one block of records holds (a
// variable for tests).
var blockSize = 1 << 20

// block is a run of whole data records.
type block struct {
	data  []byte
	line0 int64 // lines before the block
	rec0  int64 // data records before the block
}

// cut is what scan finds in a buffer from a record boundary on.
type cut struct {
	end   int   // index past the last record boundary found (from if none)
	lines int64 // newlines before end
	recs  int64 // records (blank lines not counted) before end
	first int   // index past the first record, or -1
	bad   bool  // a quote the splitter cannot vouch for
}

// scan walks b from the record boundary from and finds where records end:
// at newlines outside quoted fields (an even count of quotes since the
// start). It also checks that each quote is where RFC 4180 allows
// (opening a field, doubled inside one, or closing one before a comma or
// line end); otherwise it reports bad, and the caller reads on in order
// so that encoding/csv words the fault. At eof the input's end is a
// boundary too.
func scan(b []byte, from int, eof bool) (c cut) {
	c = cut{end: from, first: -1}
	recStart, inQ := from, false
	var recs int64
	// boundary ends the record whose last line ends at eol (its newline,
	// or the input's end), resuming at end.
	boundary := func(eol, end int) {
		blank := eol == recStart || eol == recStart+1 && b[recStart] == '\r'
		if !blank {
			recs++
			if c.first < 0 {
				c.first = end
			}
		}
		c.end, c.recs = end, recs
	}
	defer func() { c.lines = int64(bytes.Count(b[from:c.end], nl)) }()
	nq := -1 // the next quote at or after i, when >= i
	for i := from; i < len(b); {
		if inQ {
			q := indexFrom(b, i, '"')
			if q+2 >= len(b) && !eof {
				return c // the quote's meaning is in the next read
			}
			switch next := at(b, q+1); {
			case q == len(b):
				i = q
			case next == '"':
				i = q + 2
			case next == ',' || next == '\n' || next == -1 ||
				next == '\r' && at(b, q+2) == '\n':
				i, inQ = q+1, false
			default:
				c.bad = true
				return c
			}
			continue
		}
		if nq < i {
			nq = indexFrom(b, i, '"')
		}
		n := indexFrom(b, i, '\n')
		if nq < n {
			if nq != recStart && b[nq-1] != ',' {
				c.bad = true
				return c
			}
			i, inQ = nq+1, true
			continue
		}
		if n == len(b) {
			break
		}
		boundary(n, n+1)
		i, recStart = n+1, n+1
	}
	if eof && recStart < len(b) {
		if inQ || b[len(b)-1] == '\r' {
			c.bad = true
			return c
		}
		boundary(len(b), len(b))
	}
	return c
}

var nl = []byte{'\n'}

// indexFrom returns the index of the first c in b at or after i, or len(b).
func indexFrom(b []byte, i int, c byte) int {
	if k := bytes.IndexByte(b[i:], c); k >= 0 {
		return i + k
	}
	return len(b)
}

// at returns b[i], or -1 past the end.
func at(b []byte, i int) int {
	if i < len(b) {
		return int(b[i])
	}
	return -1
}

// decode reads the header, then hands blocks of records to two
// goroutines; from the first block scan cannot vouch for, it reads the
// rest in order.
func decode(ctx context.Context, r io.Reader, out *input.Emitter) error {
	var (
		tab  *table
		jobs chan block
		wg   sync.WaitGroup
		mu   sync.Mutex
		werr error
	)
	start := func() {
		jobs = make(chan block, 2)
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				b, rec := out.NewBatcher(), out.Plan().NewRecord()
				defer b.Flush()
				for j := range jobs {
					cr := csv.NewReader(bytes.NewReader(j.data))
					cr.FieldsPerRecord, cr.ReuseRecord = -1, true
					if err := tab.records(ctx, cr, b, rec, j.line0, j.rec0); err != nil {
						mu.Lock()
						werr = err
						mu.Unlock()
					}
				}
			}()
		}
	}
	err := split(ctx, r, out, &tab, start, func(j block) { jobs <- j })
	if jobs != nil {
		close(jobs)
		wg.Wait()
	}
	if err == nil {
		err = werr
	}
	return err
}

// split reads r in buffers, parses the header into *tab (then calls
// start), and emits blocks of whole records.
func split(ctx context.Context, r io.Reader, out *input.Emitter, tab **table,
	start func(), emit func(block)) error {
	buf := make([]byte, 0, blockSize)
	var line0, recs int64 // before buf[0]
	eof := false
	for !eof {
		if err := ctx.Err(); err != nil {
			return err
		}
		if cap(buf)-len(buf) < blockSize/2 {
			buf = append(make([]byte, 0, 2*cap(buf)), buf...)
		}
		n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			eof = true
		} else if err != nil {
			return err
		}
		c := scan(buf, 0, eof)
		if *tab == nil && !c.bad && c.first >= 0 {
			cr := csv.NewReader(bytes.NewReader(buf[:c.first]))
			cr.FieldsPerRecord = -1
			header, err := cr.Read()
			if err != nil {
				c.bad = true
			} else {
				*tab = newTable(header, out.Plan())
				start()
			}
		}
		if c.bad || eof && *tab == nil {
			rest := io.MultiReader(bytes.NewReader(buf), r)
			if *tab == nil || recs == 0 { // rest begins with the header
				return readSeq(ctx, rest, nil, 0, 0, out)
			}
			return readSeq(ctx, rest, *tab, line0, recs-1, out)
		}
		if *tab == nil || c.end == 0 || c.end < blockSize/2 && !eof {
			continue
		}
		j := block{data: buf[:c.end], line0: line0, rec0: recs - 1}
		if recs == 0 { // the block begins with the header
			h := scan(buf[:c.first], 0, true)
			j.data, j.line0, j.rec0 = buf[c.first:c.end], h.lines, 0
		}
		line0, recs = line0+c.lines, recs+c.recs
		next := make([]byte, 0, max(blockSize, 2*(len(buf)-c.end)))
		buf = append(next, buf[c.end:]...)
		if len(j.data) > 0 {
			emit(j)
		}
	}
	return nil
}
