package syntax

import "reflect"

// Inspect walks the tree rooted at n depth-first in source order, calling f for
// each node; when f returns false the node's children are skipped.
func Inspect(n Node, f func(Node) bool) {
	if n == nil || !f(n) {
		return
	}
	for _, c := range Children(n) {
		Inspect(c, f)
	}
}

// Children returns the direct child nodes of n in source order (nil fields left out).
func Children(n Node) []Node {
	var c kids
	switch n := n.(type) {
	case *Query:
		addAll(&c, n.Stmts)
	case *LetStmt:
		c.add(n.Name, n.Value)
	case *DeclareStmt:
		addAll(&c, n.Params)
	case *SetStmt:
		c.add(n.Value)
	case *ExprStmt:
		c.add(n.X)
	case *FuncDecl:
		addAll(&c, n.Params)
		addAll(&c, n.Body)
	case *Param:
		c.add(n.Name)
		addAll(&c, n.Schema)
		c.add(n.Default)
	case *ColumnDecl:
		c.add(n.Name, n.Default)
	case *Dynamic:
		c.add(n.Value)
	case *DynArray:
		addAll(&c, n.Elems)
	case *DynBag:
		addAll(&c, n.Entries)
	case *BagEntry:
		c.add(n.Value)
	case *TypeOf:
		addAll(&c, n.Schema)
	case *Paren:
		c.add(n.X)
	case *Unary:
		c.add(n.X)
	case *Binary:
		c.add(n.Left, n.Right)
	case *InExpr:
		c.add(n.X)
		addAll(&c, n.Items)
	case *Between:
		c.add(n.X, n.Lo, n.Hi)
	case *Call:
		c.add(n.Target, n.Name)
		addAll(&c, n.Args)
	case *NamedArg:
		c.add(n.Name, n.Value)
	case *Member:
		c.add(n.X, n.Name)
	case *Index:
		c.add(n.X, n.Index)
	case *Pipeline:
		c.add(n.Source)
		addAll(&c, n.Ops)
	case *Datatable:
		addAll(&c, n.Columns)
		addAll(&c, n.Values)
	case *Print:
		addAll(&c, n.Items)
	case *Range:
		c.add(n.Name, n.From, n.To, n.Step)
	case *ExternalData:
		addAll(&c, n.Columns)
		addAll(&c, n.URLs)
		addAll(&c, n.With)
	default:
		return opChildren(n)
	}
	return c.list
}

// kids collects child nodes, skipping nil ones (including typed nils).
type kids struct{ list []Node }

func (k *kids) add(ns ...Node) {
	for _, n := range ns {
		if !isNil(n) {
			k.list = append(k.list, n)
		}
	}
}

func addAll[T Node](k *kids, ns []T) {
	for _, n := range ns {
		k.add(n)
	}
}

// isNil reports whether n is nil or a nil pointer of a node type.
func isNil(n Node) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
