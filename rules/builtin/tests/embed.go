// Package builtintests embeds the behaviour tests of kqlhunt's built-in
// rules (NAME.test.yaml beside this file), so `kqlhunt test` runs them
// from the binary.
package builtintests

import "embed"

// FS holds the test files.
//
//go:embed *.test.yaml
var FS embed.FS
