package source

import (
	"bytes"
	"crypto/sha256"
	"os"
	"sync"
)

// File is one file as a source reads it. A followed file gets a new File
// each time the path is found to hold another file (rotation) or the file
// is truncated, so that records of one File have increasing offsets.
type File struct {
	// Path is where it was opened.
	Path string
	// Info describes it as it was when opened.
	Info os.FileInfo
	// Whole tells it is read whole (EVTX, XML) rather than line by line.
	Whole bool
	// Resumed is the saved position it was opened at (nil: it was not).
	Resumed *Position

	mu   sync.Mutex
	head []byte // its first bytes, as far as read (at most headSize)
}

// grow adds the next of the file's first bytes.
func (f *File) grow(b []byte) {
	f.mu.Lock()
	f.head = append(f.head, b...)
	f.mu.Unlock()
}

// ID returns the file's identity, from as many of its first bytes as have
// been read (up to 64).
func (f *File) ID() Identity {
	f.mu.Lock()
	defer f.mu.Unlock()
	return identify(f.Info, f.head)
}

// Identity tells a file apart from another one later found at the same
// path: device and inode numbers where the system has them, and a hash of
// the file's first bytes, which an appended file keeps.
type Identity struct {
	// Dev and Ino are the device and inode numbers (zero where unknown).
	Dev, Ino uint64
	// HeadLen is how many leading bytes HeadSum covers.
	HeadLen int
	// HeadSum is the SHA-256 of the first HeadLen bytes.
	HeadSum [sha256.Size]byte
}

// identify returns the identity of a file from its information and first
// bytes.
func identify(info os.FileInfo, head []byte) Identity {
	var id Identity
	if info != nil {
		id.Dev, id.Ino, _ = fileKey(info)
	}
	id.HeadLen = len(head)
	id.HeadSum = sha256.Sum256(head)
	return id
}

// matches reports whether a file, known by its information and first
// bytes, is the one id describes.
func (id Identity) matches(info os.FileInfo, head []byte) bool {
	if dev, ino, ok := fileKey(info); ok && (id.Dev != 0 || id.Ino != 0) &&
		(dev != id.Dev || ino != id.Ino) {
		return false
	}
	if id.HeadLen < 0 || len(head) < id.HeadLen {
		return false
	}
	sum := sha256.Sum256(head[:id.HeadLen])
	return bytes.Equal(sum[:], id.HeadSum[:])
}

// Position is a saved place in a followed file: where to resume, and which
// file it belongs to.
type Position struct {
	Offset int64
	ID     Identity
	// BeforeLen bytes just before Offset have the SHA-256 BeforeSum
	// (BeforeLen 0: not known). A file truncated and written again with
	// the same first bytes differs there.
	BeforeLen int
	BeforeSum [sha256.Size]byte
}

// SumBefore returns the length and SHA-256 of the bytes, up to headSize,
// just before off in the file f names, if it is still at its path.
func SumBefore(f *File, off int64) (int, [sha256.Size]byte, bool) {
	var sum [sha256.Size]byte
	file, err := os.Open(f.Path)
	if err != nil {
		return 0, sum, false
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil || f.Info == nil || !os.SameFile(info, f.Info) || off > info.Size() {
		return 0, sum, false
	}
	b := make([]byte, min(off, headSize))
	if _, err := file.ReadAt(b, off-int64(len(b))); err != nil {
		return 0, sum, false
	}
	return len(b), sha256.Sum256(b), true
}

// sameBefore reports whether the bytes before p.Offset in file are those
// saved (true when none were).
func (p *Position) sameBefore(file *os.File) bool {
	if p.BeforeLen <= 0 {
		return true
	}
	b := make([]byte, p.BeforeLen)
	if _, err := file.ReadAt(b, p.Offset-int64(len(b))); err != nil {
		return false
	}
	return sha256.Sum256(b) == p.BeforeSum
}
