// subslice-retains-array leaks through a subslice: header reads a 512 KiB message into a fresh buffer
// and returns its first 64 bytes as a slice of that buffer, so each kept 64-byte header holds the whole
// 512 KiB array alive (4 a second: 2 MB/s). The bug is the `return buf[:64]` (copy the header instead);
// the heap profile charges the retained memory to the allocation, so the LEAK marker sits on the make.
// Shows in: the heap profile diff (in-use space at the LEAK line) and gctrace (live heap grows).
package main

import (
	"time"

	"leakfinder.test/programs/internal/serve"
)

var headers [][]byte

func main() {
	serve.Start()
	seq := byte(0)
	serve.Every(250*time.Millisecond, func() {
		seq++
		headers = append(headers, header(seq))
	})
}

func header(seq byte) []byte {
	buf := make([]byte, 512<<10) // LEAK: retained whole through the returned subslice
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = seq // touch every page, as reading a message would
	}
	return buf[:64]
}
