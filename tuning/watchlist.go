package tuning

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/kqlhunt/kqlhunt/schema"
	"github.com/kqlhunt/kqlhunt/value"
)

// Watchlists are local copies of Sentinel watchlists: one CSV file per
// watchlist, named ALIAS.csv, with a header row. The SearchKey of each item
// is its SearchKey column when the file has one, else its first column
// (Sentinel asks which column is the search key on upload).
type Watchlists struct {
	lists map[string]*Watchlist // by lower-case alias
}

// Watchlist is one loaded watchlist.
type Watchlist struct {
	Alias   string
	Columns []string   // the CSV header
	Items   [][]string // the CSV records
	key     int        // index of the search-key column
	updated time.Time
}

// LoadWatchlists reads every .csv file of a folder on disk.
func LoadWatchlists(dir string) (*Watchlists, error) {
	return LoadWatchlistsFS(os.DirFS(dir), ".")
}

// LoadWatchlistsFS reads every .csv file of folder dir inside fsys.
func LoadWatchlistsFS(fsys fs.FS, dir string) (*Watchlists, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	w := &Watchlists{lists: map[string]*Watchlist{}}
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(path.Ext(e.Name()), ".csv") {
			continue
		}
		p := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		var mod time.Time
		if info, err := e.Info(); err == nil {
			mod = info.ModTime().UTC()
		}
		alias := strings.TrimSuffix(e.Name(), path.Ext(e.Name()))
		wl, err := parseWatchlist(alias, data, mod)
		if err != nil {
			return nil, fmt.Errorf("watchlist %s: %v", p, err)
		}
		w.lists[strings.ToLower(alias)] = wl
	}
	return w, nil
}

func parseWatchlist(alias string, data []byte, updated time.Time) (*Watchlist, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = 0
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("no header row: %v", err)
	}
	wl := &Watchlist{Alias: alias, Columns: head, updated: updated}
	for i, h := range head {
		if strings.EqualFold(strings.TrimSpace(h), "SearchKey") {
			wl.key = i
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		wl.Items = append(wl.Items, rec)
	}
	return wl, nil
}

// Names returns the aliases of the loaded watchlists, sorted.
func (w *Watchlists) Names() []string {
	var out []string
	for _, l := range w.lists {
		out = append(out, l.Alias)
	}
	sort.Strings(out)
	return out
}

// Get returns the watchlist with an alias (case-insensitive).
func (w *Watchlists) Get(alias string) (*Watchlist, bool) {
	if w == nil {
		return nil, false
	}
	l, ok := w.lists[strings.ToLower(alias)]
	return l, ok
}

// Table returns the rows _GetWatchlist('alias') gives in Sentinel: the
// columns _DTItemId, LastUpdatedTimeUTC, SearchKey and WatchlistItem (a
// bag of the item's fields), then the watchlist's own columns as strings.
// It is the provider a KQL engine calls for _GetWatchlist.
func (w *Watchlists) Table(alias string) ([]schema.Column, [][]value.Value, error) {
	l, ok := w.Get(alias)
	if !ok {
		return nil, nil, fmt.Errorf("_GetWatchlist: no watchlist %q (have %s)", alias,
			strings.Join(w.Names(), ", "))
	}
	cols := []schema.Column{{Name: "_DTItemId", Type: value.String},
		{Name: "LastUpdatedTimeUTC", Type: value.DateTime},
		{Name: "SearchKey", Type: value.String}, {Name: "WatchlistItem", Type: value.Dynamic}}
	own := l.ownColumns()
	for _, i := range own {
		cols = append(cols, schema.Column{Name: l.Columns[i], Type: value.String})
	}
	rows := make([][]value.Value, 0, len(l.Items))
	for n, item := range l.Items {
		bag := &value.Bag{}
		for i, c := range l.Columns {
			bag.Set(c, value.ToDynamic(value.NewString(field(item, i))))
		}
		row := []value.Value{value.NewString(itemID(l.Alias, n)),
			value.NewDateTime(l.updated), value.NewString(field(item, l.key)),
			value.NewBag(bag)}
		for _, i := range own {
			row = append(row, value.NewString(field(item, i)))
		}
		rows = append(rows, row)
	}
	return cols, rows, nil
}

// ownColumns returns the indexes of the CSV columns that do not clash
// with the four columns Sentinel adds.
func (l *Watchlist) ownColumns() []int {
	var out []int
	for i, c := range l.Columns {
		switch strings.ToLower(c) {
		case "_dtitemid", "lastupdatedtimeutc", "searchkey", "watchlistitem":
			continue
		}
		out = append(out, i)
	}
	return out
}

func field(rec []string, i int) string {
	if i < len(rec) {
		return rec[i]
	}
	return ""
}

// itemID is a stable item id (Sentinel uses a GUID per item).
func itemID(alias string, n int) string {
	return fmt.Sprintf("%s-%06d", strings.ToLower(alias), n+1)
}

// GetWatchlist is _GetWatchlist as a caller-declared tabular function of
// the KQL engine (kql.Options.Functions["_GetWatchlist"]): its one
// constant argument is the watchlist's alias.
func (w *Watchlists) GetWatchlist(args []value.Value) ([]schema.Column, [][]value.Value, error) {
	if len(args) != 1 || args[0].Type() != value.String {
		return nil, nil, fmt.Errorf("_GetWatchlist takes one string: the watchlist alias")
	}
	return w.Table(args[0].Str())
}
