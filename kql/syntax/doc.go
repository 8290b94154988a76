// Package syntax reads KQL (Kusto Query Language) text: tokens, lexer, syntax
// tree, parser, canonical printer and positioned diagnostics.
//
// Entry points:
//
//	q, errs := syntax.ParseQuery("rule.kql", text) // *Query; ErrorList, nil when clean
//	x, errs := syntax.ParseExpr(text)              // one expression (tests, tools)
//	syntax.Format(node)                            // canonical KQL for any node
//	syntax.Inspect(node, func(n Node) bool {...})  // depth-first walk; Children(n)
//	errs.Render("rule.kql", text)                  // file:line:col: msg, line, caret
//	syntax.NewError(file, text, pos, msg)          // a diagnostic for later stages
//
// The tree is a closed set of node types (see Kind). Every node records its byte
// span in the source and an ID unique within its query (1..Query.MaxID), so later
// stages keep their results in side tables; the tree never changes after parsing.
// Scalar and tabular expressions share the Expr interface because the grammar
// alone cannot always tell them apart: `let x = T;` may bind a table or a scalar,
// and an *Ident or *Call at the start of a *Pipeline names a table, a tabular
// let or a function. Pipelines hold their stages as TabularOp values; union,
// evaluate, search and find may also start a pipeline.
//
// The parser recovers from errors (it resynchronises at the next `|` or `;`) and
// reports several, sorted by position and capped at MaxErrors; it never panics.
// Comments are skipped and kept out of the tree. Reserved words used as plain
// names are reported as Kusto does (write ['first'] for a column named first).
//
// Known gaps: the graph operators (make-graph, graph-match, graph-to-table ...),
// `declare pattern` and project-by-names are not parsed; scan's partition and
// order clauses are not parsed; find's and fork's less common clauses are
// accepted loosely (fork branch names, find's project-smart).
package syntax
