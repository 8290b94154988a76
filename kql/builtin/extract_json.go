package builtin

import (
	"strconv"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// extract_json / extractjson(path, json [, typeof(T)]): the element at a
// JSONPath ($, .name, ['name'], [index]) of a JSON text, as a string
// unless a type is given.

func init() {
	register(bindExtractJSON("extract_json"), "extract_json")
	register(bindExtractJSON("extractjson"), "extractjson")
}

func bindExtractJSON(name string) func([]Arg) (value.Type, Impl, error) {
	return func(args []Arg) (value.Type, Impl, error) {
		if err := checkArgs(name, args, ks(kStr, kStr, kAny), 1, false); err != nil {
			return value.Invalid, nil, err
		}
		t := tString
		if len(args) == 3 {
			t = args[2].Type
		}
		return t, func(_ *Env, a []value.Value) value.Value {
			segs, ok := parseJSONPath(argStr(a[0]))
			if !ok {
				return value.Null(t)
			}
			doc := ParseJSONValue(a[1])
			for _, s := range segs {
				if s.isIdx {
					doc = Element(doc, s.idx)
				} else {
					doc = Member(doc, s.key)
				}
			}
			if doc.IsNull() {
				return value.Null(t)
			}
			if t == tString {
				return str(ToString(doc))
			}
			return coerce(doc, t)
		}, nil
	}
}

type pathSeg struct {
	key   string
	idx   int64
	isIdx bool
}

// parseJSONPath reads $ followed by .name, ['name'], ["name"] or [n].
func parseJSONPath(p string) ([]pathSeg, bool) {
	p = strings.TrimSpace(p)
	if !strings.HasPrefix(p, "$") {
		return nil, false
	}
	var out []pathSeg
	rest := p[1:]
	for rest != "" {
		switch rest[0] {
		case '.':
			rest = rest[1:]
			end := strings.IndexAny(rest, ".[")
			if end < 0 {
				end = len(rest)
			}
			if end == 0 {
				return nil, false
			}
			out = append(out, pathSeg{key: rest[:end]})
			rest = rest[end:]
		case '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, false
			}
			in := strings.TrimSpace(rest[1:end])
			rest = rest[end+1:]
			if len(in) >= 2 && (in[0] == '\'' || in[0] == '"') && in[len(in)-1] == in[0] {
				out = append(out, pathSeg{key: in[1 : len(in)-1]})
				continue
			}
			n, err := strconv.ParseInt(in, 10, 64)
			if err != nil {
				return nil, false
			}
			out = append(out, pathSeg{idx: n, isIdx: true})
		default:
			return nil, false
		}
	}
	return out, true
}
