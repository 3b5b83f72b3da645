// inotify-not-closed leaks inotify instances: watch opens an inotify fd to watch a directory and never
// closes it; 3 times a second (the kernel allows 128 instances per user by default, shared with every
// other process of that user, so the leak is slow; when the limit is reached, watch only reports it).
// Shows in: /proc (anon_inode:inotify fds growing), not in the heap profile, gctrace or goroutine dumps.
package main

import (
	"fmt"
	"os"
	"syscall"
	"time"

	"leakfinder.test/programs/internal/serve"
)

func main() {
	serve.Start()
	dir := os.TempDir()
	serve.Every(333*time.Millisecond, func() { watch(dir) })
}

var watching []int

func watch(dir string) {
	fd, err := syscall.InotifyInit1(syscall.IN_CLOEXEC) // LEAK: never closed
	if err != nil {
		fmt.Fprintln(os.Stderr, "inotify:", err)
		return
	}
	if _, err := syscall.InotifyAddWatch(fd, dir, syscall.IN_CREATE|syscall.IN_DELETE); err != nil {
		fmt.Fprintln(os.Stderr, "inotify watch:", err)
	}
	watching = append(watching, fd)
}
