package ruletest

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// IsTestFile reports whether a file name is a test file: NAME.test.yaml or
// NAME.test.yml.
func IsTestFile(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".test.yaml") || strings.HasSuffix(n, ".test.yml")
}

// Suite is a test file ready to run: its tests and the folder it sits in.
type Suite struct {
	File *File
	Dir  Dir
}

// Load finds test files on disk: path is a test file, or a folder searched
// recursively for *.test.yaml / *.test.yml.
func Load(p string) ([]Suite, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	var files []string
	if !st.IsDir() {
		files = []string{p}
	} else {
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && IsTestFile(d.Name()) {
				files = append(files, q)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("%s: no test files (*.test.yaml)", p)
		}
	}
	sort.Strings(files)
	var out []Suite
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		f, err := Parse(data, name)
		if err != nil {
			return nil, err
		}
		dir, err := DiskDir(filepath.Dir(name))
		if err != nil {
			return nil, err
		}
		out = append(out, Suite{File: f, Dir: dir})
	}
	return out, nil
}

// LoadFS finds the test files under root inside fsys; each is shown as
// prefix + its path.
func LoadFS(fsys fs.FS, root, prefix string) ([]Suite, error) {
	var out []Suite
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !IsTestFile(d.Name()) {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		f, err := Parse(data, prefix+p)
		if err != nil {
			return err
		}
		out = append(out, Suite{File: f, Dir: Dir{FS: fsys, Path: path.Dir(p)}})
		return nil
	})
	return out, err
}

// Run runs suites in order, calling report after each test.
func (rn *Runner) Run(ctx context.Context, suites []Suite, report func(Result)) []Result {
	var all []Result
	for _, s := range suites {
		for _, r := range rn.RunFile(ctx, s.File, s.Dir) {
			if report != nil {
				report(r)
			}
			all = append(all, r)
		}
		if ctx.Err() != nil {
			break
		}
	}
	return all
}

// Select keeps the tests whose full name (FILE/NAME, as Result.Name
// shows it) matches re; suites left with no test are dropped.
func Select(suites []Suite, re interface{ MatchString(string) bool }) []Suite {
	var out []Suite
	for _, s := range suites {
		f := *s.File
		f.Tests = nil
		for _, t := range s.File.Tests {
			r := Result{File: f.Name, Test: t.Name}
			if re.MatchString(r.Name()) {
				f.Tests = append(f.Tests, t)
			}
		}
		if len(f.Tests) > 0 {
			out = append(out, Suite{File: &f, Dir: s.Dir})
		}
	}
	return out
}
