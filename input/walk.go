package input

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
)

// StdinName is the path that stands for standard input.
const StdinName = "-"

var zipMagic = []byte("PK\x03\x04")

// sources yields the inputs named by paths: files, folders walked
// recursively (in lexical order), zip members, and stdin spooled to a
// temporary file so that it can be read twice (detect, then decode).
func (r *run) sources(ctx context.Context, paths []string) iter.Seq[*Source] {
	return func(yield func(*Source) bool) {
		for _, p := range paths {
			if ctx.Err() != nil {
				return
			}
			if p == StdinName {
				src, err := r.spoolStdin()
				if err != nil {
					r.sum.input("<stdin>", "", err)
					continue
				}
				if !r.expand(ctx, src, yield) {
					return
				}
				continue
			}
			st, err := os.Stat(p)
			if err != nil {
				r.sum.input(p, "", err)
				continue
			}
			if !st.IsDir() && !st.Mode().IsRegular() {
				src, err := r.spoolPath(p)
				if err != nil {
					r.sum.input(p, "", err)
					continue
				}
				if !r.expand(ctx, src, yield) {
					return
				}
				continue
			}
			if !st.IsDir() {
				if !r.expand(ctx, fileSource(p, st.Size()), yield) {
					return
				}
				continue
			}
			ok := true
			err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					r.sum.input(path, "", err)
					return nil
				}
				if ctx.Err() != nil {
					return fs.SkipAll
				}
				var info fs.FileInfo
				switch {
				case d.IsDir():
					return nil
				case d.Type()&fs.ModeSymlink != 0:
					// A linked file is read; a linked folder is not walked
					// (links may loop); neither is dropped unsaid.
					info, err = os.Stat(path)
					switch {
					case err != nil:
						r.sum.skipFile(path, "broken symbolic link")
						return nil
					case info.IsDir():
						r.sum.skipFile(path, "symbolic link to a folder (not followed)")
						return nil
					case !info.Mode().IsRegular():
						r.sum.skipFile(path, "not a regular file")
						return nil
					}
				case !d.Type().IsRegular():
					r.sum.skipFile(path, "not a regular file")
					return nil
				default:
					if info, err = d.Info(); err != nil {
						r.sum.input(path, "", err)
						return nil
					}
				}
				if !r.expand(ctx, fileSource(path, info.Size()), yield) {
					ok = false
					return fs.SkipAll
				}
				return nil
			})
			if err != nil {
				r.sum.input(p, "", err)
			}
			if !ok {
				return
			}
		}
	}
}

func fileSource(path string, size int64) *Source {
	return &Source{Name: path, Size: size, path: path, open: func() (io.ReadCloser, error) {
		return os.Open(path)
	}}
}

// expand yields src itself, or the members of src when it is a zip
// archive (recognised by its signature, not its name).
func (r *run) expand(ctx context.Context, src *Source, yield func(*Source) bool) bool {
	if !isZip(src) {
		return yield(src)
	}
	path := src.Name
	if f, ok := src.file(); ok {
		path = f
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		r.sum.input(src.Name, "zip", err)
		src.close()
		return true
	}
	cleanup := src.cleanup
	defer func() {
		zr.Close()
		if cleanup != nil {
			cleanup()
		}
	}()
	r.sum.input(src.Name, "zip", nil)
	var members []*Source
	for _, zf := range zr.File {
		if zf.FileInfo().IsDir() {
			continue
		}
		members = append(members, &Source{
			Name: src.Name + "!" + zf.Name, Size: int64(zf.UncompressedSize64),
			open: func() (io.ReadCloser, error) { return zf.Open() },
		})
	}
	// Members are decoded before the archive closes: decode them here,
	// one after the other, each still free to use both cores inside.
	for _, m := range members {
		r.decode(ctx, m)
	}
	return true
}

// file returns the path of a source backed by a plain file.
func (s *Source) file() (string, bool) { return s.path, s.path != "" }

func isZip(src *Source) bool {
	rc, err := src.open()
	if err != nil {
		return false
	}
	defer rc.Close()
	var b [4]byte
	n, _ := io.ReadFull(rc, b[:])
	return bytes.Equal(b[:n], zipMagic)
}

// spoolStdin copies standard input to a temporary file.
func (r *run) spoolStdin() (*Source, error) {
	src, err := r.spool(r.req.Stdin)
	if err == nil {
		src.Name = "<stdin>"
	}
	return src, err
}

// spoolPath copies a named pipe or character device (such as /dev/stdin or
// a shell's <(...)) to a temporary file, since it can be read only once.
func (r *run) spoolPath(path string) (*Source, error) {
	in, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	src, err := r.spool(in)
	if err == nil {
		src.Name = path
	}
	return src, err
}

// spool copies a stream to a temporary file removed when the source is
// closed.
func (r *run) spool(in io.Reader) (*Source, error) {
	f, err := os.CreateTemp(r.req.TempDir, "kqlhunt-stdin-*")
	if err != nil {
		return nil, err
	}
	name := f.Name()
	n, err := io.Copy(f, in)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return nil, err
	}
	src := fileSource(name, n)
	src.cleanup = func() { os.Remove(name) }
	return src, nil
}
