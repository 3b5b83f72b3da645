package unlockcontinue

import "sync"

type Folder struct {
	mu      sync.Mutex
	ID      string
	paused  bool
	scanned int
}

func (f *Folder) Resume() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.paused = false
}

func (f *Folder) Pause() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.paused = true
}

type Model struct {
	folders []*Folder
}

// ScanAll rescans every folder that is not paused and returns how many it scanned.
func (m *Model) ScanAll() int {
	n := 0
	for _, f := range m.folders {
		f.mu.Lock()
		if f.paused {
			f.mu.Unlock()
			continue
		}
		f.scanned++
		n++
		f.mu.Unlock()
	}
	return n
}
