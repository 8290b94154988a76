package bind

import (
	"regexp"
	"strings"

	"github.com/kqlhunt/kqlhunt/kql/syntax"
	"github.com/kqlhunt/kqlhunt/value"
)

// Parse is parse and parse-where: a regular expression built from the
// pattern, one capture group per new column.
type Parse struct {
	X       Expr
	Regex   string
	Cols    []Column // the extracted columns, appended to the input
	Where   bool     // parse-where: rows that do not match are dropped
	Relaxed bool     // kind=relaxed: a failed conversion nulls one column only
}

func (*Parse) isOp() {}

// groupFor is the capture group a typed parse column matches.
// ParseGroupName names the regular-expression group of parse's i-th column.
func ParseGroupName(i int) string { return "kqlcol" + itoa(i) }

func groupFor(t value.Type, last bool) string {
	switch t {
	case value.Int, value.Long:
		return `([-+]?\d+)`
	case value.Real, value.Decimal:
		return `([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)`
	}
	if last {
		return `(.*)`
	}
	return `(.*?)`
}

func (b *binder) parse(t *Tabular, o *syntax.Parse, en *env) *Tabular {
	x := b.scalar(o.X, en)
	kind, _ := paramValue(o.Params, "kind")
	flags, _ := paramValue(o.Params, "flags")
	p := &Parse{X: x, Where: o.Where, Relaxed: kind == "relaxed"}
	var re strings.Builder
	if flags != "" {
		re.WriteString("(?" + flags + ")")
	}
	re.WriteString(`(?s)`)
	if kind != "regex" {
		re.WriteString("^")
	}
	cols := passCols(t.Columns)
	for i, part := range o.Pattern {
		last := i == len(o.Pattern)-1
		if i > 0 && part.Column != nil && o.Pattern[i-1].Text == nil {
			b.errorf(pos(part), msgColumnAfterString())
		}
		if part.Star && !last && o.Pattern[i+1].Column != nil {
			b.errorf(pos(part), msgStringAfterStar())
		}
		switch {
		case part.Star:
			if last {
				re.WriteString(`.*`)
			} else {
				re.WriteString(`.*?`)
			}
		case part.Text != nil:
			if kind == "regex" {
				re.WriteString(part.Text.Value)
			} else {
				re.WriteString(regexp.QuoteMeta(part.Text.Value))
			}
		case part.Column != nil:
			typ := value.String
			if part.Column.Type != "" {
				tt, ok := value.ParseType(part.Column.Type)
				if !ok {
					b.errorf(pos(part), msgBadLiteral("type", part.Column.Type))
				}
				typ = tt
			}
			col := Column{Name: part.Column.Name.Name, Type: typ}
			// Named groups: a regex-mode pattern may hold groups of its own.
			g := groupFor(typ, last || kind == "regex")
			if kind == "relaxed" && g != groupFor(value.String, last) {
				// A value that is no typ leaves a null; matching goes on.
				g = g[:len(g)-1] + "|" + groupFor(value.String, last)[1:]
			}
			re.WriteString("(?P<" + ParseGroupName(len(p.Cols)) + ">" + g[1:])
			p.Cols = append(p.Cols, col)
			replaced := false
			for j := range cols {
				if cols[j].Name == col.Name {
					cols[j], replaced = col, true
				}
			}
			if !replaced {
				cols = append(cols, col)
			}
		}
	}
	p.Regex = re.String()
	if _, err := regexp.Compile(p.Regex); err != nil {
		b.errorf(pos(o), msgBadLiteral("regex", p.Regex))
	}
	return with(t, p, cols)
}

// ParseKV is parse-kv: each key's value is found after a pair delimiter
// (or the start), the key and the key/value delimiter; the first
// occurrence wins.
type ParseKV struct {
	X       Expr
	Keys    []Column
	PairSep string
	KVSep   string
	Quote   string
	// Regex, when set, finds the pairs: its first group is a key, its
	// second the value.
	Regex string
}

func (*ParseKV) isOp() {}

func (b *binder) parseKV(t *Tabular, o *syntax.ParseKV, en *env) *Tabular {
	p := &ParseKV{X: b.scalar(o.X, en), PairSep: " ", KVSep: "="}
	if v, ok := paramValue(o.With, "pair_delimiter"); ok {
		p.PairSep = v
	}
	if v, ok := paramValue(o.With, "kv_delimiter"); ok {
		p.KVSep = v
	}
	if v, ok := paramValue(o.With, "quote"); ok {
		p.Quote = v
	}
	if v, ok := paramValue(o.With, "regex"); ok {
		re, err := regexp.Compile(v)
		if err != nil || re.NumSubexp() != 2 {
			b.errorf(pos(o), msgBadLiteral("regex", v))
		}
		p.Regex = v
	}
	cols := passCols(t.Columns)
	for _, k := range o.Keys {
		typ := value.String
		if k.Type != "" {
			if tt, ok := value.ParseType(k.Type); ok {
				typ = tt
			}
		}
		col := Column{Name: k.Name.Name, Type: typ}
		p.Keys = append(p.Keys, col)
		cols = append(cols, col)
	}
	return with(t, p, cols)
}
