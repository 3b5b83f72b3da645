package relockfolderstats

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestScanUpdatesStats(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := NewModel("MFZWI3D")
		m.AddFolder("photos", false)
		if err := m.ScanFolderSubdirs("photos", []string{"2024", "2025"}); err != nil {
			t.Fatal(err)
		}
		if st := m.Stats("photos"); st.ScanCount != 1 {
			t.Errorf("scan count = %d", st.ScanCount)
		}
	})
}
