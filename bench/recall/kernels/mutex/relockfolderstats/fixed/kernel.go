package relockfolderstats

import (
	"fmt"
	"log"
	"sync"
	"time"
)

type FolderStatistics struct {
	LastScan  time.Time
	LastFile  string
	ScanCount int
}

// folderRunner is what the model keeps for each folder; sendReceiveFolder and receiveOnlyFolder implement it.
type folderRunner interface {
	Scan(subdirs []string) error
	ID() string
}

type folderBase struct {
	id        string
	scanDelay time.Duration
	// onScanned reports a finished scan to whoever owns the folder.
	onScanned func(folder string, files []string)
}

func (f *folderBase) ID() string { return f.id }

type sendReceiveFolder struct {
	folderBase
	pulls int
}

func (f *sendReceiveFolder) Scan(subdirs []string) error {
	files := make([]string, 0, len(subdirs))
	for _, d := range subdirs {
		files = append(files, f.id+"/"+d)
	}
	f.onScanned(f.id, files)
	return nil
}

type receiveOnlyFolder struct {
	folderBase
	revertPending bool
}

func (f *receiveOnlyFolder) Scan(subdirs []string) error {
	if f.revertPending {
		return fmt.Errorf("folder %s: revert pending", f.id)
	}
	f.onScanned(f.id, subdirs)
	return nil
}

// Model owns the folders; fmut guards the folder map and their statistics.
type Model struct {
	fmut          sync.RWMutex
	folderRunners map[string]folderRunner
	folderStats   map[string]*FolderStatistics
	deviceID      string
}

func NewModel(deviceID string) *Model {
	return &Model{
		deviceID:      deviceID,
		folderRunners: map[string]folderRunner{},
		folderStats:   map[string]*FolderStatistics{},
	}
}

func (m *Model) AddFolder(id string, receiveOnly bool) {
	base := folderBase{id: id, scanDelay: time.Second, onScanned: m.recordScan}
	var r folderRunner
	if receiveOnly {
		r = &receiveOnlyFolder{folderBase: base}
	} else {
		r = &sendReceiveFolder{folderBase: base}
	}
	m.fmut.Lock()
	m.folderRunners[id] = r
	m.folderStats[id] = &FolderStatistics{}
	m.fmut.Unlock()
}

// recordScan is the folders' callback: it updates the folder's statistics.
func (m *Model) recordScan(folder string, files []string) {
	m.fmut.Lock()
	defer m.fmut.Unlock()
	st := m.folderStats[folder]
	st.LastScan = time.Now()
	st.ScanCount++
	if len(files) > 0 {
		st.LastFile = files[len(files)-1]
	}
}

// ScanFolderSubdirs looks the folder up and scans it.
func (m *Model) ScanFolderSubdirs(folder string, subdirs []string) error {
	m.fmut.RLock()
	runner, ok := m.folderRunners[folder]
	m.fmut.RUnlock()
	if !ok {
		return fmt.Errorf("no such folder %q", folder)
	}
	if err := runner.Scan(subdirs); err != nil {
		log.Printf("%s: scan of %s failed: %v", m.deviceID, folder, err)
		return err
	}
	return nil
}

func (m *Model) Stats(folder string) FolderStatistics {
	m.fmut.RLock()
	defer m.fmut.RUnlock()
	return *m.folderStats[folder]
}
