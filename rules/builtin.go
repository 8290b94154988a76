package rules

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// Builtin returns the rules embedded in the binary, sorted by id. Each is
// built from builtin/ID.yaml.
func Builtin() []*Rule {
	names, err := fs.Glob(builtinFS, "builtin/*.yaml")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	out := make([]*Rule, 0, len(names))
	for _, name := range names {
		data, err := builtinFS.ReadFile(name)
		if err != nil {
			panic(err)
		}
		r, err := Parse(data, "builtin:"+path.Base(name))
		if err != nil {
			panic(fmt.Sprintf("rules: built-in %s: %v", name, err))
		}
		r.ID = strings.TrimSuffix(path.Base(name), ".yaml")
		out = append(out, r)
	}
	return out
}

// BuiltinByID returns the built-in rule with the given id (case-insensitive).
func BuiltinByID(id string) (*Rule, bool) {
	for _, r := range Builtin() {
		if strings.EqualFold(r.ID, id) {
			return r, true
		}
	}
	return nil, false
}

// BuiltinFile returns the YAML text of a built-in rule.
func BuiltinFile(id string) ([]byte, bool) {
	data, err := builtinFS.ReadFile("builtin/" + id + ".yaml")
	return data, err == nil
}
