package donenotclosed

import (
	"net/url"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestStopAfterBadTarget(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		sl := NewScrapeLoop("://missing-scheme", 10*time.Millisecond, func(*url.URL) {})
		go sl.Run()
		time.Sleep(20 * time.Millisecond)
		sl.Stop()
	})
}
