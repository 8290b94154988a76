package builtin

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"
	// Embedded zone data, used when the system has none (Windows hosts).
	_ "time/tzdata"

	"github.com/kqlhunt/kqlhunt/value"
)

// Time-zone conversions (datetime_utc_to_local, datetime_local_to_utc),
// with the system's IANA time-zone database.

// tzImpl wraps a time-zone conversion; an unknown zone gives null.
func tzImpl(f func(t int64, loc *time.Location) int64) Impl {
	return func(_ *Env, a []value.Value) value.Value {
		t, ok := argTicks(a[0])
		loc, err := time.LoadLocation(argStr(a[1]))
		if !ok || err != nil {
			return value.Null(tDate)
		}
		return dt(f(t, loc))
	}
}

// zoneOffset is loc's UTC offset in ticks at instant t.
func zoneOffset(t int64, loc *time.Location) int64 {
	_, off := civil(t).In(loc).Zone()
	return int64(off) * tps
}

func utcToLocal(t int64, loc *time.Location) int64 { return t + zoneOffset(t, loc) }

// localToUTC maps a wall-clock time to UTC. A time skipped by a forward
// transition takes the offset in force after it (02:30 on a spring-forward
// night maps as 03:30 would, minus an hour); a repeated one the later.
func localToUTC(t int64, loc *time.Location) int64 {
	o1 := zoneOffset(t, loc)
	u := t - o1
	if o2 := zoneOffset(u, loc); o2 != o1 && zoneOffset(t-o2, loc) == o2 {
		return t - o2
	}
	return u
}

func init() {
	def(names("datetime_list_timezones"), tDyn, nil, 0,
		func(*Env, []value.Value) value.Value {
			names := zoneNames()
			out := make(value.Array, len(names))
			for i, n := range names {
				out[i] = str(n)
			}
			return value.NewArray(out)
		})
}

var zoneList struct {
	once  sync.Once
	names []string
}

// zoneNames lists the IANA zone names of the system's database, sorted,
// as the engine does: every zone file whose path starts with a capital
// letter, except Factory. Without a system database the list is empty.
func zoneNames() []string {
	zoneList.once.Do(func() {
		dirs := []string{os.Getenv("ZONEINFO"), "/usr/share/zoneinfo",
			"/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ"}
		for _, dir := range dirs {
			if dir == "" {
				continue
			}
			var names []string
			_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil || p == dir {
					return nil
				}
				rel, _ := filepath.Rel(dir, p)
				if rel == "" || rel[0] < 'A' || rel[0] > 'Z' {
					if d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if !d.IsDir() && rel != "Factory" {
					names = append(names, filepath.ToSlash(rel))
				}
				return nil
			})
			if len(names) > 0 {
				sort.Strings(names)
				zoneList.names = names
				return
			}
		}
	})
	return zoneList.names
}
