// Package watch tells callers when a file changes.
package watch

import (
	"context"
	"os"
	"time"
)

// Poll calls changed whenever path's modification time moves, until ctx is done.
func Poll(ctx context.Context, path string, every time.Duration, changed func()) {
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		var last time.Time
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if fi, err := os.Stat(path); err == nil && fi.ModTime().After(last) {
				last = fi.ModTime()
				changed()
			}
		}
	}()
}
