package restoredoneskipped

import (
	"encoding/json"
	"fmt"
	"log"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Container struct {
	ID      string
	Name    string
	Driver  string
	Running bool
}

type Daemon struct {
	repository   map[string][]byte // id -> config.v2.json
	graphDriver  string
	containersMu sync.Mutex
	containers   map[string]*Container
}

func (daemon *Daemon) load(id string) (*Container, error) {
	raw, ok := daemon.repository[id]
	if !ok {
		return nil, fmt.Errorf("container %s: config.v2.json missing", id)
	}
	c := &Container{}
	if err := json.Unmarshal(raw, c); err != nil {
		return nil, fmt.Errorf("container %s: %v", id, err)
	}
	if c.ID != id {
		return c, fmt.Errorf("container %s is stored at %s", c.ID, id)
	}
	return c, nil
}

// restore loads every container found on disk in parallel at daemon start.
func (daemon *Daemon) restore(ids []string) error {
	var wg sync.WaitGroup
	var mapLock sync.Mutex
	containers := make(map[string]*Container)
	for _, id := range ids {
		wg.Add(1)
		go func(id string) {
			c, err := daemon.load(id)
			if err != nil {
				log.Printf("Failed to load container %v: %v", id, err)
				return
			}
			// Ignore the container if it does not support the current driver being used by the graph.
			if c.Driver != "" && c.Driver != daemon.graphDriver {
				log.Printf("Cannot load container %s because it was created with another storage driver", c.ID)
				wg.Done()
				return
			}
			mapLock.Lock()
			containers[c.ID] = c
			mapLock.Unlock()
			wg.Done()
		}(id)
	}
	wg.Wait()

	daemon.containersMu.Lock()
	for id, c := range containers {
		daemon.containers[id] = c
	}
	daemon.containersMu.Unlock()
	return nil
}

func TestRestoreSkipsCorruptContainer(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		d := &Daemon{graphDriver: "overlay2", containers: map[string]*Container{}, repository: map[string][]byte{
			"a1": []byte(`{"ID":"a1","Name":"/web","Driver":"overlay2","Running":true}`),
			"b2": []byte(`{"ID":"b2","Name":"/db","Driver":"devicemapper"}`),
			"c3": []byte(`{"ID":"c3","Name":"/cache"`), // truncated by a crash
		}}
		if err := d.restore([]string{"a1", "b2", "c3"}); err != nil {
			t.Errorf("restore: %v", err)
		}
		if len(d.containers) != 1 {
			t.Errorf("restored %d containers", len(d.containers))
		}
	})
}
