package evtx

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
)

func TestInOrderAcrossWorkers(t *testing.T) {
	data := buildFile(append(recordChunks(t), recordChunks(t)...))
	type key struct {
		chunk int
		id    uint64
	}
	var want []key
	for _, w := range []int{1, 2, 5} {
		var got []key
		f, err := Open(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.RecordsWith(context.Background(), Options{Workers: w}, func(r *Record) error {
			got = append(got, key{r.Chunk, r.RecordID})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if want == nil {
			want = got
			for i := 1; i < len(got); i++ {
				if got[i].chunk < got[i-1].chunk {
					t.Fatalf("chunk %d delivered after chunk %d", got[i].chunk, got[i-1].chunk)
				}
			}
		} else if !slices.Equal(got, want) {
			t.Errorf("%d workers: order differs from 1 worker", w)
		}
	}
}

func TestStopEarly(t *testing.T) {
	data := buildFile(recordChunks(t))
	f, _ := Open(bytes.NewReader(data), int64(len(data)))
	stop := errors.New("enough")
	calls := 0
	_, err := f.Records(context.Background(), func(*Record) error {
		calls++
		if calls == 10 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 10 {
		t.Errorf("callback error: err %v after %d calls", err, calls)
	}

	ctx, cancel := context.WithCancel(context.Background())
	calls = 0
	_, err = f.Records(ctx, func(*Record) error {
		calls++
		if calls == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancel: err %v after %d calls", err, calls)
	}
}

func TestEmptyChunksAreNotFaults(t *testing.T) {
	chunks := recordChunks(t)[:2]
	zero := make([]byte, chunkSize)
	data := buildFile([][]byte{chunks[0], zero, chunks[1], zero, zero})
	_, st := decodeFile(t, data, Options{})
	if st.EmptyChunks != 3 || len(st.Faults) != 0 || st.Bytes != 2*chunkSize {
		t.Errorf("stats %+v", st)
	}
}

func TestOpenNotEVTX(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("ElfFil"), bytes.Repeat([]byte{0x41}, 9000)} {
		if _, err := Open(bytes.NewReader(data), int64(len(data))); err == nil {
			t.Errorf("Open(%d bytes) succeeded", len(data))
		}
	}
}
