// Command kqlhunt runs Microsoft Sentinel and Defender XDR detection queries
// (KQL) over Windows endpoint telemetry. See the README.
package main

import (
	"os"

	"github.com/kqlhunt/kqlhunt/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
