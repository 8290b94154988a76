package input

import (
	"bytes"
	"io"
	"os"
)

// Raw gives random access to a source's bytes as stored (no transcoding),
// for binary formats such as EVTX: a plain file is opened directly, any
// other source (a zip member) is read into memory. Close the returned
// closer when done.
func (s *Source) Raw() (io.ReaderAt, int64, io.Closer, error) {
	if path, ok := s.file(); ok {
		f, err := os.Open(path)
		if err != nil {
			return nil, 0, nil, err
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, 0, nil, err
		}
		return f, st.Size(), f, nil
	}
	rc, err := s.open()
	if err != nil {
		return nil, 0, nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, 0, nil, err
	}
	return bytes.NewReader(data), int64(len(data)), io.NopCloser(nil), nil
}
