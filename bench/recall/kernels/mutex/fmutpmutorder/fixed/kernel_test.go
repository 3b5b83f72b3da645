package fmutpmutorder

import (
	"errors"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type fakeConn struct{ id DeviceID }

func (c *fakeConn) ID() DeviceID                   { return c.id }
func (c *fakeConn) Index(string, []FileInfo) error { return nil }
func (c *fakeConn) Close(error)                    {}

// slowLogger stands in for the event logger with a busy subscriber.
type slowLogger struct{}

func (slowLogger) Log(EventType, map[string]interface{}) { time.Sleep(100 * time.Millisecond) }

func TestIndexWhileDisconnecting(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := NewModel(slowLogger{})
		dev := DeviceID("AAAA-BBBB")
		m.folderDevices["default"] = []DeviceID{dev}
		m.remoteFiles["default"] = map[DeviceID][]FileInfo{}
		m.conn[dev] = &fakeConn{id: dev}

		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			_ = m.Index(dev, "default", []FileInfo{{Name: "a.txt", Version: 1}})
		}()
		go func() {
			defer wg.Done()
			m.Closed(dev, errors.New("read: connection reset"))
		}()
		wg.Wait()
	})
}
