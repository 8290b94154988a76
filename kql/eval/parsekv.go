package eval

import (
	"regexp"
	"strings"

	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/value"
)

// parseKVOp extracts key/value pairs into typed columns.
type parseKVOp struct {
	x     Scalar
	res   []*regexp.Regexp
	types []value.Type
	quote string
	width int
	// pairs, with keys, reads parse-kv with regex: all pairs at once.
	pairs *regexp.Regexp
	keys  []string
}

func (r *Run) compileParseKV(c *compiler, p *bind.ParseKV, l *layout) (op, *layout, error) {
	x, err := c.expr(p.X, l)
	if err != nil {
		return nil, nil, err
	}
	o := &parseKVOp{x: x.fn, quote: p.Quote}
	names := append([]string(nil), l.names...)
	types := append([]value.Type(nil), l.types...)
	if p.Regex != "" {
		if o.pairs, err = builtin.CompileRegex(p.Regex); err != nil {
			return nil, nil, errBadRegex(p.Regex, err)
		}
		for _, k := range p.Keys {
			o.keys, o.types = append(o.keys, k.Name), append(o.types, k.Type)
			names, types = append(names, k.Name), append(types, k.Type)
		}
		o.width = len(names)
		return o, newLayout(names, types), nil
	}
	pd, kv := regexp.QuoteMeta(p.PairSep), regexp.QuoteMeta(p.KVSep)
	for _, k := range p.Keys {
		val := `([^` + pd + `]*)`
		if p.Quote != "" {
			q := regexp.QuoteMeta(p.Quote)
			val = `(` + q + `[^` + q + `]*` + q + `|[^` + pd + `]*)`
		}
		re, err := regexp.Compile(`(?:^|` + pd + `)\s*` + regexp.QuoteMeta(k.Name) + `\s*` + kv +
			`\s*` + val)
		if err != nil {
			return nil, nil, errBadRegex(k.Name, err)
		}
		o.res, o.types = append(o.res, re), append(o.types, k.Type)
		names, types = append(names, k.Name), append(types, k.Type)
	}
	o.width = len(names)
	return o, newLayout(names, types), nil
}

func (o *parseKVOp) apply(f *Frame, rows []Row) ([]Row, error) {
	out := make([]Row, len(rows))
	for i, r := range rows {
		s := textOf(o.x(f, r))
		nr := make(Row, len(r), o.width)
		copy(nr, r)
		if o.pairs != nil {
			out[i] = o.applyRegex(s, nr)
			continue
		}
		for k, re := range o.res {
			m := re.FindStringSubmatch(s)
			if m == nil {
				nr = append(nr, value.Null(o.types[k]))
				continue
			}
			v := strings.TrimSpace(m[1])
			if o.quote != "" {
				v = strings.TrimSuffix(strings.TrimPrefix(v, o.quote), o.quote)
			}
			nr = append(nr, builtin.ConvertTo(value.NewString(v), o.types[k]))
		}
		out[i] = nr
	}
	return out, nil
}

// applyRegex appends the columns of parse-kv with regex: the first value
// found for each key.
func (o *parseKVOp) applyRegex(s string, nr Row) Row {
	found := map[string]string{}
	for _, m := range o.pairs.FindAllStringSubmatch(s, -1) {
		if _, dup := found[m[1]]; !dup && len(m) > 2 {
			found[m[1]] = m[2]
		}
	}
	for k, name := range o.keys {
		v, ok := found[name]
		if !ok {
			nr = append(nr, value.Null(o.types[k]))
			continue
		}
		nr = append(nr, builtin.ConvertTo(value.NewString(v), o.types[k]))
	}
	return nr
}
