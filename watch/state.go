package watch

import (
	"cmp"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/kqlhunt/kqlhunt/watch/source"
)

// The state file (Config.State, --state) keeps what the local sources had
// read when the service stopped, as committed offsets do for Kafka: for
// each followed file the position of its first line still needed (not yet
// evaluated, held by a scheduled rule's window, or by an alert not yet
// delivered), the file's identity, and the arrival times of the lines
// read again from there; for each watched folder the files read whole that
// nothing needs any more; and the scheduled rules' resume times. It is a
// JSON document, replaced atomically.

// stateVersion is the version of the state file format written and read.
const stateVersion = 1

// stateDoc is the state file.
type stateDoc struct {
	Version int `json:"version"`
	// Saved is when it was written (for people; not read back).
	Saved time.Time `json:"saved"`
	// Resume maps scheduled rule ids to the run time to resume from.
	Resume  map[string]time.Time `json:"resume,omitempty"`
	Files   []*fileDoc           `json:"files"`
	Folders []*folderDoc         `json:"folders"`
	// Given are the files given to read whole (EVTX, XML) and read; Name
	// is the absolute path.
	Given []readDoc `json:"given,omitempty"`
}

// fileDoc is a followed file (given, or found in a watched folder).
type fileDoc struct {
	// Path is absolute.
	Path string `json:"path"`
	// Device and Inode identify the file where the system has them.
	Device uint64 `json:"device,omitempty"`
	Inode  uint64 `json:"inode,omitempty"`
	// HeadLength bytes at its start have the SHA-256 HeadSHA256 (hex).
	HeadLength int    `json:"headLength"`
	HeadSHA256 string `json:"headSha256"`
	// Offset is where to resume: the first line still needed.
	Offset int64 `json:"offset"`
	// BeforeLength bytes just before Offset have the SHA-256 BeforeSHA256
	// (hex; none: not known).
	BeforeLength int    `json:"beforeLength,omitempty"`
	BeforeSHA256 string `json:"beforeSha256,omitempty"`
	// End is the position after the last line evaluated: lines between
	// Offset and End are read again and take their Arrivals.
	End int64 `json:"end"`
	// Arrivals are the arrival times of the lines from each offset on.
	Arrivals []arrivalDoc `json:"arrivals,omitempty"`
}

// arrivalDoc says that the lines from Offset on arrived at Time.
type arrivalDoc struct {
	Offset int64     `json:"offset"`
	Time   time.Time `json:"time"`
}

// folderDoc is a watched folder and the files of it read whole.
type folderDoc struct {
	// Dir is absolute.
	Dir  string    `json:"dir"`
	Read []readDoc `json:"read"`
}

// readDoc is a file read whole, as it was when read.
type readDoc struct {
	// Name is its path relative to the folder, with forward slashes.
	Name     string    `json:"name"`
	Size     int64     `json:"size"`
	Modified time.Time `json:"modified"`
}

// stateError names the state file in an error.
func stateError(path string, format string, args ...any) error {
	return fmt.Errorf("state file %s: %s", path, fmt.Sprintf(format, args...))
}

// readState reads a state file; a missing file is no state (nil), any
// other problem an error naming the file.
func readState(path string) (*stateDoc, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if err != nil {
		return nil, stateError(path, "%v", err)
	}
	var doc stateDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, stateError(path, "corrupt (%v); remove it to start afresh", err)
	}
	if doc.Version != stateVersion {
		return nil, stateError(path, "version %d, want %d", doc.Version, stateVersion)
	}
	for _, f := range doc.Files {
		if err := f.check(); err != nil {
			return nil, stateError(path, "corrupt: %v; remove it to start afresh", err)
		}
	}
	for _, d := range doc.Folders {
		if d == nil || !filepath.IsAbs(d.Dir) {
			return nil, stateError(path, "corrupt: a folder without an absolute path")
		}
	}
	return &doc, nil
}

// check tells whether a file entry makes sense.
func (f *fileDoc) check() error {
	if f == nil || !filepath.IsAbs(f.Path) {
		return errors.New("a file without an absolute path")
	}
	sum, err := hex.DecodeString(f.HeadSHA256)
	switch {
	case f.Offset < 0 || f.End < f.Offset:
		return fmt.Errorf("%s: offset %d and end %d", f.Path, f.Offset, f.End)
	case err != nil || len(sum) != len(source.Identity{}.HeadSum):
		return fmt.Errorf("%s: bad headSha256", f.Path)
	case f.HeadLength < 0 || f.HeadLength > 64:
		return fmt.Errorf("%s: headLength %d", f.Path, f.HeadLength)
	case f.BeforeLength < 0 || f.BeforeLength > 64 || int64(f.BeforeLength) > f.Offset:
		return fmt.Errorf("%s: beforeLength %d", f.Path, f.BeforeLength)
	case f.BeforeLength > 0 && !validSum(f.BeforeSHA256):
		return fmt.Errorf("%s: bad beforeSha256", f.Path)
	case !slices.IsSortedFunc(f.Arrivals, func(a, b arrivalDoc) int {
		return cmp.Compare(a.Offset, b.Offset)
	}):
		return fmt.Errorf("%s: arrivals out of order", f.Path)
	}
	return nil
}

// validSum tells a hex SHA-256.
func validSum(s string) bool {
	b, err := hex.DecodeString(s)
	return err == nil && len(b) == len(source.Identity{}.HeadSum)
}

// position returns the saved position of a file entry.
func (f *fileDoc) position() *source.Position {
	p := &source.Position{Offset: f.Offset, ID: source.Identity{Dev: f.Device, Ino: f.Inode,
		HeadLen: f.HeadLength}}
	hex.Decode(p.ID.HeadSum[:], []byte(f.HeadSHA256))
	if f.BeforeLength > 0 {
		p.BeforeLen = f.BeforeLength
		hex.Decode(p.BeforeSum[:], []byte(f.BeforeSHA256))
	}
	return p
}

// setID records a file's identity in its entry.
func (f *fileDoc) setID(id source.Identity) {
	f.Device, f.Inode, f.HeadLength = id.Dev, id.Ino, id.HeadLen
	f.HeadSHA256 = hex.EncodeToString(id.HeadSum[:])
}

// arrival returns when the line at off arrived before, or now for a line
// not read before.
func (f *fileDoc) arrival(off int64, now time.Time) time.Time {
	if off >= f.End || len(f.Arrivals) == 0 {
		return now
	}
	i := sort.Search(len(f.Arrivals), func(i int) bool { return f.Arrivals[i].Offset > off })
	return f.Arrivals[max(i-1, 0)].Time
}

// arrivalsFrom returns the arrivals that cover offsets from off on.
func arrivalsFrom(as []arrivalDoc, off int64) []arrivalDoc {
	i := sort.Search(len(as), func(i int) bool { return as[i].Offset > off })
	if i > 0 {
		i--
	}
	out := append([]arrivalDoc(nil), as[i:]...)
	if len(out) > 0 && out[0].Offset < off {
		out[0].Offset = off
	}
	return out
}

// write replaces the state file atomically: a temporary file in the same
// folder, synced, renamed over it, and the folder synced.
func (doc *stateDoc) write(path string) error {
	data, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".tmp*")
	if err != nil {
		return stateError(path, "%v", err)
	}
	_, err = tmp.Write(append(data, '\n'))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return stateError(path, "%v", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // not supported everywhere; the rename is what matters
		d.Close()
	}
	return nil
}
