// Package tuningexamples embeds kqlhunt's shipped tuning examples (exclusions,
// watchlists, a tuned rule) and their tests, so `kqlhunt test` runs them
// from the binary. The files are documented in docs/tuning.md.
package tuningexamples

import "embed"

// FS holds the example files.
//
//go:embed *.yaml watchlists/*.csv
var FS embed.FS
