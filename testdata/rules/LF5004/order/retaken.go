package order

import (
	"sync"
	"time"
)

// A device set whose delete helper drops the set's lock while it waits for the device to go, then takes it
// back, with the device's own lock still held: the reverse of DeleteDevice's order.
type deviceSet struct {
	sync.Mutex
	infos map[string]*devInfo
}

type devInfo struct {
	lock sync.Mutex
	name string
}

func (devices *deviceSet) DeleteDevice(hash string) {
	devices.Lock()
	defer devices.Unlock()
	info := devices.infos[hash]
	info.lock.Lock() // want `lock-order inversion: DeleteDevice takes info.lock \(devInfo.lock\) while holding devices.Mutex`
	defer info.lock.Unlock()
	devices.deleteDevice(info)
}

func (devices *deviceSet) deleteDevice(info *devInfo) {
	devices.removeDeviceAndWait(info.name)
}

func (devices *deviceSet) removeDeviceAndWait(name string) {
	devices.Unlock()
	time.Sleep(time.Millisecond)
	devices.Lock()
}

// The fix: release the device's lock before the helper drops the set's lock.
type fixedDeviceSet struct {
	sync.Mutex
	infos map[string]*devInfo
}

func (devices *fixedDeviceSet) DeleteDevice(hash string) {
	devices.Lock()
	defer devices.Unlock()
	info := devices.infos[hash]
	info.lock.Lock()
	name := info.name
	info.lock.Unlock()
	devices.removeDeviceAndWait(name)
}

func (devices *fixedDeviceSet) removeDeviceAndWait(name string) {
	devices.Unlock()
	time.Sleep(time.Millisecond)
	devices.Lock()
}

// Dropping and retaking with no other lock held orders nothing.
func (devices *fixedDeviceSet) Prune() {
	devices.Lock()
	defer devices.Unlock()
	devices.removeDeviceAndWait("stale")
}
