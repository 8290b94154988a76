//go:build !unix

package input

// mapFile is not available here: inputs are read through buffers.
func mapFile(string) ([]byte, func(), bool) { return nil, nil, false }
