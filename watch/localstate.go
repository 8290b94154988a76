package watch

import (
	"encoding/hex"
	"errors"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/kqlhunt/kqlhunt/watch/detect"
	"github.com/kqlhunt/kqlhunt/watch/kafka"
	"github.com/kqlhunt/kqlhunt/watch/source"
)

// localState keeps the local sources' positions for the state file. All
// local records share one stream, numbered in the order they are
// evaluated; the pipeline's checkpoint of that stream is the first number
// still needed, and localState turns it into a position in each file by
// marks taken as records pass: the first record of each file in each
// batch, and each file opened.
//
// A rotated or truncated file gives way to the new one: when lines of the
// file it replaced are still needed at a checkpoint, the new file is
// saved from its first line and those lines are not read again after a
// restart (the old file is no longer at the path).
//
// Methods that take records run on the goroutine evaluating the local
// stream; the maps loaded from the file are read-only after
// openState and serve the sources' goroutines.
type localState struct {
	path string
	lock *os.File // holds the state file's lock (nil: none taken)
	// grain is the arrival precision saved: the greatest common divisor of
	// the scheduled rules' frequencies and periods, at which a run's
	// window starts and ends, so replayed lines fall in the same runs.
	grain   time.Duration
	folders map[string]string // watched folder (as configured) → absolute path
	dirs    []string          // the watched folders' absolute paths, sorted

	// Loaded from the file, read-only.
	saved  map[string]*fileDoc           // files by absolute path
	pos    map[string]*source.Position   // their positions by absolute path
	replay map[*source.Position]*fileDoc // their entries by position
	known  map[string]map[string]readDoc // files read whole by folder and name
	resume map[string]time.Time

	// Kept as records pass.
	batch int
	files map[string]*fileTrack         // followed files by origin
	whole map[string]*wholeTrack        // files read whole by origin, until recorded
	read  map[string]map[string]readDoc // files recorded as read, by folder and name
	ready int                           // sources whose first check is not yet evaluated
}

// fileTrack is where one followed file stands in the local stream.
type fileTrack struct {
	abs   string       // absolute path, as saved
	cur   *source.File // the file of the last record or mark
	end   int64        // position after its last record, or of its last mark
	last  int64        // number of its last record (0: none)
	batch int          // batch of its last record
	marks []mark       // in order of number
}

// mark ties a record number to a position in a file: records of the file
// numbered from seq on are at off or after it.
type mark struct {
	seq  int64
	file *source.File
	off  int64
	at   time.Time // arrival of the first record at off (zero: none yet)
}

// wholeTrack is a file read whole, until it is recorded as read.
type wholeTrack struct {
	file *source.File
	last int64 // number of its last record (0: none)
	done bool  // read to its end
}

// openState reads the state file of c (a missing file is a first run) and
// prepares the positions of the files and folders c names.
func openState(c *Config, det *detect.Detector) (*localState, error) {
	if st, err := os.Stat(filepath.Dir(c.State)); err != nil || !st.IsDir() {
		return nil, stateError(c.State, "its folder does not exist")
	}
	lock, err := lockState(c.State)
	if err != nil {
		return nil, err
	}
	doc, err := readState(c.State)
	if err != nil {
		lock.Close()
		return nil, err
	}
	ls := &localState{path: c.State, lock: lock, grain: arrivalGrain(det), folders: map[string]string{},
		saved: map[string]*fileDoc{}, pos: map[string]*source.Position{},
		replay: map[*source.Position]*fileDoc{}, known: map[string]map[string]readDoc{},
		files: map[string]*fileTrack{}, whole: map[string]*wholeTrack{},
		read: map[string]map[string]readDoc{}}
	for _, d := range c.Folders {
		ls.folders[d] = absPath(d)
		ls.dirs = append(ls.dirs, ls.folders[d])
	}
	slices.Sort(ls.dirs)
	if doc == nil {
		return ls, nil
	}
	ls.resume = doc.Resume
	wanted := map[string]bool{}
	for _, f := range c.Files {
		wanted[absPath(f)] = true
	}
	for _, f := range doc.Files {
		_, _, inFolder := ls.folderOf(f.Path)
		if _, err := os.Stat(f.Path); err != nil || !wanted[f.Path] && !inFolder {
			continue // gone, or no longer watched
		}
		p := f.position()
		ls.saved[f.Path], ls.pos[f.Path], ls.replay[p] = f, p, f
	}
	// Files given to read whole are kept under the folder "", by path.
	ls.known[""], ls.read[""] = map[string]readDoc{}, map[string]readDoc{}
	for _, r := range doc.Given {
		if _, err := os.Stat(r.Name); err == nil && wanted[r.Name] {
			ls.known[""][r.Name], ls.read[""][r.Name] = r, r
		}
	}
	for _, d := range doc.Folders {
		if !slices.Contains(ls.dirs, d.Dir) {
			continue
		}
		ls.known[d.Dir], ls.read[d.Dir] = map[string]readDoc{}, map[string]readDoc{}
		for _, r := range d.Read {
			if _, err := os.Stat(filepath.Join(d.Dir, filepath.FromSlash(r.Name))); err == nil {
				ls.known[d.Dir][r.Name], ls.read[d.Dir][r.Name] = r, r
			}
		}
	}
	return ls, nil
}

// close releases the state file's lock.
func (ls *localState) close() {
	if ls != nil && ls.lock != nil {
		ls.lock.Close()
		ls.lock = nil
	}
}

// arrivalGrain returns the greatest common divisor of the scheduled rules'
// frequencies and periods (at least a second; a minute with none).
func arrivalGrain(det *detect.Detector) time.Duration {
	var g time.Duration
	gcd := func(a, b time.Duration) time.Duration {
		for b != 0 {
			a, b = b, a%b
		}
		return a
	}
	for _, r := range det.Rules {
		if r.Mode != detect.ModeRealtime {
			g = gcd(gcd(g, r.Every), r.Period)
		}
	}
	if g == 0 {
		return time.Minute
	}
	return max(g, time.Second)
}

// absPath returns a path made absolute, as the state file keeps it.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// folderOf returns the watched folder (absolute) holding a path, and the
// path's name in it.
func (ls *localState) folderOf(path string) (dir, name string, ok bool) {
	abs := absPath(path)
	for _, d := range ls.dirs {
		rel, err := filepath.Rel(d, abs)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return d, filepath.ToSlash(rel), true
		}
	}
	return "", "", false
}

// resumeFrom returns the saved position of a followed file (nil: none).
func (ls *localState) resumeFrom(path string) *source.Position { return ls.pos[absPath(path)] }

// knownFolder tells whether the state file has the folder: its files not
// recorded as read are new, and read even with FromEnd.
func (ls *localState) knownFolder(dir string) bool {
	_, ok := ls.known[ls.folders[dir]]
	return ok
}

// readBefore tells whether a file to read whole was recorded as read, as
// it is now.
func (ls *localState) readBefore(path string, info os.FileInfo) bool {
	dir, name, ok := ls.folderOf(path)
	if !ok {
		dir, name = "", absPath(path) // a file given to read whole
	}
	r, ok := ls.known[dir][name]
	return ok && r.Size == info.Size() && r.Modified.Equal(info.ModTime())
}

// arrival returns the arrival time of a record: for a line read again
// after a restart, the time it first arrived; otherwise now. It is called
// from the sources' goroutines.
func (ls *localState) arrival(r source.Record, now time.Time) time.Time {
	if ls == nil || r.File == nil || r.File.Resumed == nil || r.Mark {
		return now
	}
	if f := ls.replay[r.File.Resumed]; f != nil {
		return f.arrival(r.Offset, now)
	}
	return now
}

// track returns the state of a followed file.
func (ls *localState) track(origin string) *fileTrack {
	ft := ls.files[origin]
	if ft == nil {
		ft = &fileTrack{abs: absPath(origin)}
		ls.files[origin] = ft
	}
	return ft
}

// wholeOf returns the state of a file read whole.
func (ls *localState) wholeOf(r source.Record) *wholeTrack {
	w := ls.whole[r.Origin]
	if w == nil || w.file != r.File {
		w = &wholeTrack{file: r.File}
		ls.whole[r.Origin] = w
	}
	return w
}

// mark takes a Mark record; next is the number the next record will get.
func (ls *localState) mark(r source.Record, next int64) {
	if ls == nil || r.File == nil {
		return
	}
	if r.File.Whole {
		ls.wholeOf(r).done = true
		return
	}
	ft := ls.track(r.Origin)
	ft.cur, ft.end = r.File, r.End
	ft.marks = append(ft.marks, mark{seq: next, file: r.File, off: r.End})
}

// line takes a record numbered seq that arrived at at.
func (ls *localState) line(r source.Record, seq int64, at time.Time) {
	if ls == nil || r.File == nil {
		return
	}
	if r.File.Whole {
		ls.wholeOf(r).last = seq
		return
	}
	ft := ls.track(r.Origin)
	n := len(ft.marks)
	switch {
	case n > 0 && ft.marks[n-1].file == r.File && ft.marks[n-1].at.IsZero():
		ft.marks[n-1].at = at // the file's first record since it was opened
	case n == 0 || ft.marks[n-1].file != r.File || ft.batch != ls.batch ||
		ls.bucket(ft.marks[n-1].at) != ls.bucket(at):
		// Lines read again after a restart come in one batch with the
		// arrival times they were saved with: each grain of them needs its
		// own mark, or they would all be saved with the first one's.
		ft.marks = append(ft.marks, mark{seq: seq, file: r.File, off: r.Offset, at: at})
	}
	ft.cur, ft.end, ft.last, ft.batch = r.File, r.End, seq, ls.batch
}

// doc returns a followed file's entry for a checkpoint whose first needed
// record is floor, and forgets the marks before it.
func (ls *localState) doc(ft *fileTrack, floor int64) *fileDoc {
	i := 0
	for j, m := range ft.marks {
		if m.seq <= floor {
			i = j
		}
	}
	ft.marks = ft.marks[i:]
	f := &fileDoc{Path: ft.abs, Offset: ft.end, End: ft.end}
	f.setID(ft.cur.ID())
	if ft.last >= floor {
		// Resume at the first mark, of the current file (see localState).
		k := slices.IndexFunc(ft.marks, func(m mark) bool { return m.file == ft.cur })
		if k >= 0 {
			f.Offset = ft.marks[k].off
			f.Arrivals = ls.arrivals(ft.marks[k:])
		}
	}
	if n, sum, ok := source.SumBefore(ft.cur, f.Offset); ok && n > 0 {
		f.BeforeLength, f.BeforeSHA256 = n, hex.EncodeToString(sum[:])
	}
	// Lines resumed from the state file and not yet evaluated again keep
	// their saved arrival times.
	if old := ls.replay[ft.cur.Resumed]; old != nil && old.End > f.End {
		f.End = old.End
		f.Arrivals = append(f.Arrivals, arrivalsFrom(old.Arrivals, ft.end)...)
	}
	return f
}

// arrivals returns the arrival times of marks, one per grain.
func (ls *localState) arrivals(ms []mark) []arrivalDoc {
	var out []arrivalDoc
	last := int64(math.MinInt64)
	for _, m := range ms {
		if m.at.IsZero() {
			continue
		}
		if b := ls.bucket(m.at); b != last {
			out = append(out, arrivalDoc{Offset: m.off, Time: m.at.UTC()})
			last = b
		}
	}
	return out
}

// deleted tells whether a path no longer names a file.
func deleted(path string) bool {
	_, err := os.Stat(path)
	return errors.Is(err, fs.ErrNotExist)
}

// bucket returns the number of the grain an arrival time falls in.
func (ls *localState) bucket(at time.Time) int64 { return at.UnixNano() / int64(ls.grain) }

// save writes the state file for the local stream's checkpoint (ok false:
// nothing evaluated yet).
func (ls *localState) save(cp kafka.Commit, ok bool, now time.Time) error {
	floor := int64(math.MaxInt64)
	resume := ls.resume
	if ok {
		floor, resume = cp.Offset, cp.Resume
	}
	doc := &stateDoc{Version: stateVersion, Saved: now.UTC(), Resume: resume}
	files := map[string]*fileDoc{}
	for p, f := range ls.saved {
		if !deleted(p) {
			files[p] = f
		}
	}
	for origin, ft := range ls.files {
		switch {
		case ft.last < floor && deleted(ft.abs):
			// None of its lines needed: forgotten, so the list does not grow
			// without end (a file put there later is new).
			delete(ls.files, origin)
		case ft.cur != nil:
			files[ft.abs] = ls.doc(ft, floor)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		doc.Files = append(doc.Files, files[p])
	}
	for origin, w := range ls.whole {
		if !w.done || w.last >= floor {
			continue // still being read, or needed
		}
		dir, name, ok := ls.folderOf(w.file.Path)
		if !ok {
			dir, name = "", absPath(w.file.Path) // a file given to read whole
		}
		if ls.read[dir] == nil {
			ls.read[dir] = map[string]readDoc{}
		}
		ls.read[dir][name] = readDoc{Name: name, Size: w.file.Info.Size(),
			Modified: w.file.Info.ModTime().UTC()}
		delete(ls.whole, origin)
	}
	for _, name := range slices.Sorted(maps.Keys(ls.read[""])) {
		if _, err := os.Stat(name); err != nil {
			delete(ls.read[""], name)
			continue
		}
		doc.Given = append(doc.Given, ls.read[""][name])
	}
	for _, d := range ls.dirs {
		fd := &folderDoc{Dir: d, Read: []readDoc{}}
		for _, name := range slices.Sorted(maps.Keys(ls.read[d])) {
			// A file deleted since (rotated away by its producer) is
			// forgotten, so the list does not grow without end.
			if _, err := os.Stat(filepath.Join(d, filepath.FromSlash(name))); err != nil {
				delete(ls.read[d], name)
				continue
			}
			fd.Read = append(fd.Read, ls.read[d][name])
		}
		doc.Folders = append(doc.Folders, fd)
	}
	return doc.write(ls.path)
}
