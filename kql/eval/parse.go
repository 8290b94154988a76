package eval

import (
	"regexp"

	"github.com/kqlhunt/kqlhunt/kql/bind"
	"github.com/kqlhunt/kqlhunt/kql/builtin"
	"github.com/kqlhunt/kqlhunt/value"
)

// parseOp extracts columns with a regular expression (parse, parse-where).
type parseOp struct {
	x       Scalar
	re      *regexp.Regexp
	set     []int
	groups  []int // the regex group of each column
	types   []value.Type
	width   int
	where   bool
	relaxed bool
}

func (r *Run) compileParse(c *compiler, p *bind.Parse, l *layout) (op, *layout, error) {
	x, err := c.expr(p.X, l)
	if err != nil {
		return nil, nil, err
	}
	re, err := builtin.CompileRegex(p.Regex)
	if err != nil {
		return nil, nil, errBadRegex(p.Regex, err)
	}
	names := append([]string(nil), l.names...)
	types := append([]value.Type(nil), l.types...)
	o := &parseOp{x: x.fn, re: re, where: p.Where, relaxed: p.Relaxed}
	for _, col := range p.Cols {
		idx := -1
		for j, n := range names {
			if n == col.Name {
				idx = j
			}
		}
		if idx < 0 {
			idx = len(names)
			names, types = append(names, col.Name), append(types, col.Type)
		}
		types[idx] = col.Type
		o.set, o.types = append(o.set, idx), append(o.types, col.Type)
		o.groups = append(o.groups, re.SubexpIndex(bind.ParseGroupName(len(o.groups))))
	}
	o.width = len(names)
	return o, newLayout(names, types), nil
}

func (o *parseOp) apply(f *Frame, rows []Row) ([]Row, error) {
	var out []Row
	for _, r := range rows {
		m := o.re.FindStringSubmatch(textOf(o.x(f, r)))
		vals := make([]value.Value, len(o.set))
		ok := m != nil
		for i, t := range o.types {
			vals[i] = value.Null(t)
			g := o.groups[i]
			if m == nil || g < 0 || g >= len(m) {
				continue
			}
			v := builtin.ConvertTo(value.NewString(m[g]), t)
			if v.IsNull() && t != value.String {
				if !o.relaxed {
					ok = false
				}
				continue
			}
			vals[i] = v
		}
		if !ok {
			if o.where {
				continue
			}
			if !o.relaxed {
				for i, t := range o.types {
					vals[i] = value.Null(t)
				}
			}
		}
		nr := make(Row, o.width)
		copy(nr, r)
		for i, idx := range o.set {
			nr[idx] = vals[i]
		}
		out = append(out, nr)
	}
	return out, nil
}
