// Package all registers every built-in input format with package input:
// import it for its side effect.
//
//	import _ "github.com/kqlhunt/kqlhunt/input/all"
package all

import (
	// Each format registers itself in its init function.
	_ "github.com/kqlhunt/kqlhunt/input/csvfmt"
	_ "github.com/kqlhunt/kqlhunt/input/eventxml"
	_ "github.com/kqlhunt/kqlhunt/input/evtxfmt"
	_ "github.com/kqlhunt/kqlhunt/input/jsonfmt"
)
