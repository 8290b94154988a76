// Package syntax reads KQL (Kusto Query Language) text: tokens, lexer, syntax
// tree, parser, canonical printer and positioned diagnostics.
//
// Entry points:
//
//	q, errs := syntax.ParseQuery("rule.kql", text) // *Query, ErrorList (nil when clean)
//	syntax.Format(node)                       // canonical KQL for any node
//	syntax.Inspect(node, func(n Node) bool)   // depth-first walk
//	errs.Render("rule.kql", text)             // file:line:col: msg, source line, caret
//
// The tree is a closed set of node types (see Kind). Every node records its byte
// span in the source and an ID unique within its query (1..Query.MaxID), so later
// stages keep their results in side tables; the tree never changes after parsing.
// Scalar and tabular expressions share the Expr interface because the grammar
// alone cannot always tell them apart: `let x = T;` may bind a table or a scalar.
//
// The parser recovers from errors (it resynchronises at the next `|` or `;`) and
// reports several, sorted by position and capped; it never panics. Comments are
// skipped and kept out of the tree.
package syntax
