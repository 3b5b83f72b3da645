package fmutpmutorder

import (
	"errors"
	"sync"
)

type DeviceID string

type EventType int

const (
	RemoteIndexUpdated EventType = iota
	DeviceDisconnected
)

type Logger interface {
	Log(t EventType, data map[string]interface{})
}

type FileInfo struct {
	Name    string
	Version int64
}

type Connection interface {
	ID() DeviceID
	Index(folder string, files []FileInfo) error
	Close(err error)
}

var errFolderNotShared = errors.New("folder not shared with device")

// Model: fmut protects the folder maps, pmut the connection maps.
// Lock order: fmut before pmut.
type Model struct {
	evLogger Logger

	fmut          sync.RWMutex
	folderDevices map[string][]DeviceID
	remoteFiles   map[string]map[DeviceID][]FileInfo

	pmut          sync.RWMutex
	conn          map[DeviceID]Connection
	helloMessages map[DeviceID]string
}

func NewModel(l Logger) *Model {
	return &Model{
		evLogger:      l,
		folderDevices: map[string][]DeviceID{},
		remoteFiles:   map[string]map[DeviceID][]FileInfo{},
		conn:          map[DeviceID]Connection{},
		helloMessages: map[DeviceID]string{},
	}
}

// Index is called when a device sends its index for a folder.
func (m *Model) Index(device DeviceID, folder string, files []FileInfo) error {
	m.fmut.RLock()
	defer m.fmut.RUnlock()
	if !m.sharedWithLocked(folder, device) {
		return errFolderNotShared
	}
	m.remoteFiles[folder][device] = files
	m.evLogger.Log(RemoteIndexUpdated, map[string]interface{}{"device": device, "folder": folder, "items": len(files)})

	m.pmut.RLock()
	_, connected := m.conn[device]
	m.pmut.RUnlock()
	if !connected {
		return errors.New("device disconnected during index")
	}
	return nil
}

func (m *Model) sharedWithLocked(folder string, device DeviceID) bool {
	for _, d := range m.folderDevices[folder] {
		if d == device {
			return true
		}
	}
	return false
}

// Closed is called by the connection service when a device connection goes away.
func (m *Model) Closed(device DeviceID, err error) {
	m.pmut.Lock()
	defer m.pmut.Unlock()
	if _, ok := m.conn[device]; !ok {
		return
	}
	delete(m.conn, device)
	delete(m.helloMessages, device)
	m.evLogger.Log(DeviceDisconnected, map[string]interface{}{"id": device, "error": err.Error()})

	m.fmut.Lock()
	for folder := range m.remoteFiles {
		delete(m.remoteFiles[folder], device)
	}
	m.fmut.Unlock()
}
