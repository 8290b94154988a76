package cli

// Every built-in input format (JSON, CSV, event XML, EVTX) registers
// itself with package input.
import _ "github.com/kqlhunt/kqlhunt/input/all"
