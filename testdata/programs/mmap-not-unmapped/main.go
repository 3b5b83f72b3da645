// mmap-not-unmapped leaks memory mappings: checksum maps a 256 KiB data file, reads every page and never
// calls syscall.Munmap; 20 times a second. /proc/PID/maps fills with mappings of the same file and the
// file-backed RSS grows while the Go heap stays flat.
// Shows in: /proc (repeated mappings of one file in maps, RssFile growing), not in the heap profile,
// gctrace or goroutine dumps.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"leakfinder.test/programs/internal/serve"
)

const fileSize = 256 << 10

func main() {
	serve.Start()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("leakfinder-mmap-%d.dat", os.Getpid()))
	if err := os.WriteFile(path, make([]byte, fileSize), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	serve.Every(50*time.Millisecond, func() { sums += checksum(f) })
}

var sums int

func checksum(f *os.File) int {
	data, err := syscall.Mmap(int(f.Fd()), 0, fileSize, syscall.PROT_READ, syscall.MAP_SHARED) // LEAK: never unmapped
	if err != nil {
		return 0
	}
	sum := 0
	for i := 0; i < len(data); i += 4096 {
		sum += int(data[i])
	}
	return sum
}
