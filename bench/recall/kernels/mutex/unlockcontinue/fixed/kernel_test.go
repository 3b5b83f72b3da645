package unlockcontinue

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestScanSkipsPausedThenResume(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		docs, photos := &Folder{ID: "docs"}, &Folder{ID: "photos"}
		m := &Model{folders: []*Folder{docs, photos}}
		photos.Pause()
		if n := m.ScanAll(); n != 1 {
			t.Errorf("scanned %d", n)
		}
		photos.Resume()
		if n := m.ScanAll(); n != 2 {
			t.Errorf("scanned %d", n)
		}
	})
}
