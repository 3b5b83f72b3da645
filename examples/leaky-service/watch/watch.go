// Package watch tells callers when a file changes.
package watch

import (
	"os"
	"time"
)

// Poll calls changed whenever path's modification time moves. Every call starts a poller that nothing can
// end: a handler that watches a file per request leaves one more goroutine behind each time.
func Poll(path string, every time.Duration, changed func()) {
	go func() { // LEAK LF6002
		var last time.Time
		for {
			time.Sleep(every)
			if fi, err := os.Stat(path); err == nil && fi.ModTime().After(last) {
				last = fi.ModTime()
				changed()
			}
		}
	}()
}
