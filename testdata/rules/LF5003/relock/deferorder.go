package relock

import "sync"

// Deferred calls run last-in first-out: a cleanup deferred after the deferred unlock runs with the lock held.
type folderModel struct {
	fmut    sync.Mutex
	folders map[string]int
}

func (m *folderModel) forget(folder string) {
	m.fmut.Lock()
	delete(m.folders, folder)
	m.fmut.Unlock()
}

func (m *folderModel) RemoveFolder(folder string) {
	m.fmut.Lock()
	defer m.fmut.Unlock()
	defer m.forget(folder) // want `this deferred call reaches a Lock of m.fmut \(through forget\) while RemoveFolder still holds it locked`
	m.folders[folder] = -1
}

// The fix: the cleanup deferred first runs after the unlock.
func (m *folderModel) RemoveFolderFixed(folder string) {
	defer m.forget(folder)
	m.fmut.Lock()
	defer m.fmut.Unlock()
	m.folders[folder] = -1
}

// A deferred call that takes another lock, or none, with the unlock deferred before it.
func (m *folderModel) RemoveAndLog(folder string, p *peerSet) {
	m.fmut.Lock()
	defer m.fmut.Unlock()
	defer p.Count()
	m.folders[folder] = -1
}

// The lock is dropped before the return on every path, and the deferred unlock comes after the cleanup's defer.
func (m *folderModel) RemoveUnlocked(folder string) {
	defer m.forget(folder)
	m.fmut.Lock()
	m.folders[folder] = -1
	m.fmut.Unlock()
}
