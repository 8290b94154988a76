package syntax

import "strconv"

func (p *printer) expr(n Node) bool {
	switch n := n.(type) {
	case *Ident:
		p.str(quoteName(n.Name))
	case *Wildcard:
		p.str(n.Pattern)
	case *StringLit:
		if n.Obfuscated {
			p.str("h")
		}
		p.str(quoteString(n.Value))
	case *LongLit:
		p.str(strconv.FormatInt(n.Value, 10))
	case *RealLit:
		p.str(formatReal(n.Value))
	case *BoolLit:
		p.str(strconv.FormatBool(n.Value))
	case *TimespanLit:
		p.str(formatTimespan(n.Ticks))
	case *TypedLit:
		p.str(formatTyped(n.Type, n.Text))
	case *NullLit:
		p.str("null")
	case *Dynamic:
		p.str("dynamic(")
		p.node(n.Value)
		p.str(")")
	case *DynArray:
		p.str("[")
		list(p, n.Elems, ", ")
		p.str("]")
	case *DynBag:
		p.str("{")
		list(p, n.Entries, ", ")
		p.str("}")
	case *BagEntry:
		p.str(quoteString(n.Key), ": ")
		p.node(n.Value)
	case *TypeOf:
		p.str("typeof")
		if n.Schema != nil {
			p.schema(n.Schema, false)
		} else {
			p.str("(", n.Type, ")")
		}
	case *Paren:
		p.str("(")
		p.node(n.X)
		p.str(")")
	case *Unary:
		p.str(n.Op.String())
		p.node(n.X)
	case *Binary:
		p.node(n.Left)
		p.str(" ", n.Op.String(), " ")
		p.node(n.Right)
	case *InExpr:
		p.node(n.X)
		p.str(" ", n.Op.String(), " (")
		list(p, n.Items, ", ")
		p.str(")")
	case *Between:
		p.node(n.X)
		if n.Not {
			p.str(" !between (")
		} else {
			p.str(" between (")
		}
		p.node(n.Lo)
		p.str(" .. ")
		p.node(n.Hi)
		p.str(")")
	case *Call:
		if n.Target != nil {
			p.node(n.Target)
			p.dot(n.Target)
		}
		p.str(n.Name.Name, "(")
		list(p, n.Args, ", ")
		p.str(")")
	case *NamedArg:
		if plainName(n.Name.Name) || reservedWords[n.Name.Name] != 0 {
			p.str(n.Name.Name)
		} else {
			p.node(n.Name)
		}
		p.str(" = ")
		p.node(n.Value)
	case *Member:
		p.node(n.X)
		p.dot(n.X)
		p.node(n.Name)
	case *Index:
		p.node(n.X)
		p.str("[")
		p.node(n.Index)
		p.str("]")
	default:
		return p.source(n)
	}
	return true
}

func (p *printer) source(n Node) bool {
	switch n := n.(type) {
	case *Pipeline:
		if n.Source != nil {
			p.node(n.Source)
			p.str(" | ")
		}
		list(p, n.Ops, " | ")
	case *Datatable:
		p.str("datatable")
		p.schema(n.Columns, false)
		p.str(" [")
		list(p, n.Values, ", ")
		p.str("]")
	case *Print:
		p.str("print ")
		list(p, n.Items, ", ")
	case *Range:
		p.str("range ")
		p.node(n.Name)
		p.str(" from ")
		p.node(n.From)
		p.str(" to ")
		p.node(n.To)
		p.str(" step ")
		p.node(n.Step)
	case *ExternalData:
		p.str("externaldata")
		p.schema(n.Columns, false)
		p.str(" [")
		list(p, n.URLs, ", ")
		p.str("]")
		p.with(n.With)
	default:
		return false
	}
	return true
}

// dot writes the `.` after x; after an integer it is spaced so that "1." is
// not read back as a real.
func (p *printer) dot(x Expr) {
	if _, ok := x.(*LongLit); ok {
		p.str(" .")
		return
	}
	p.str(".")
}

// with prints ` with (name=value, ...)` when props is not empty.
func (p *printer) with(props []*OpParam) {
	if len(props) > 0 {
		p.str(" with (")
		list(p, props, ", ")
		p.str(")")
	}
}

// params prints ` name=value` for each operator parameter.
func (p *printer) params(ps []*OpParam) {
	for _, x := range ps {
		p.str(" ")
		p.node(x)
	}
}

// sub prints a sub-pipeline in parentheses.
func (p *printer) sub(n Node) {
	if _, ok := n.(*Pipeline); ok {
		p.str("(")
		p.node(n)
		p.str(")")
		return
	}
	p.node(n)
}

var orderText = [...]string{"", " asc", " desc", " granny-asc", " granny-desc"}
var nullsText = [...]string{"", " nulls first", " nulls last"}
