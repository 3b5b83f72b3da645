package embeddedptrrelock

import (
	"errors"
	"fmt"
	"log"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var (
	errNoSuchVolume = errors.New("no such volume")
	errVolumeInUse  = errors.New("volume is in use")
)

type Driver interface {
	Name() string
	Remove(name string) error
}

type volume struct {
	name    string
	driver  string
	labels  map[string]string
	created time.Time
}

// volumeStore keeps the volumes and which containers reference them.
type volumeStore struct {
	mu      sync.Mutex
	volumes map[string]*volume
	refs    map[string]map[string]struct{} // volume -> container IDs
}

func newVolumeStore() *volumeStore {
	return &volumeStore{volumes: make(map[string]*volume), refs: make(map[string]map[string]struct{})}
}

func (s *volumeStore) Get(name string) (*volume, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.volumes[name]
	return v, ok
}

func (s *volumeStore) Reference(name, containerID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refs[name] == nil {
		s.refs[name] = make(map[string]struct{})
	}
	s.refs[name][containerID] = struct{}{}
}

// HasRefs reports whether any container still uses the volume.
func (s *volumeStore) HasRefs(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.refs[name]) > 0
}

// VolumeService is the daemon's volume API; it embeds the store so the store's fields and methods are its own.
type VolumeService struct {
	*volumeStore
	drivers map[string]Driver
	logf    func(format string, args ...interface{})
}

func NewVolumeService(drivers ...Driver) *VolumeService {
	svc := &VolumeService{volumeStore: newVolumeStore(), drivers: make(map[string]Driver), logf: log.Printf}
	for _, d := range drivers {
		svc.drivers[d.Name()] = d
	}
	return svc
}

func (svc *VolumeService) Create(name, driver string, labels map[string]string) error {
	svc.mu.Lock()
	defer svc.mu.Unlock()
	if _, ok := svc.drivers[driver]; !ok {
		return fmt.Errorf("volume %s: unknown driver %q", name, driver)
	}
	svc.volumes[name] = &volume{name: name, driver: driver, labels: labels, created: time.Now()}
	return nil
}

func (svc *VolumeService) inUse(name string) bool {
	return svc.HasRefs(name)
}

// Remove deletes a volume unless a container still uses it (or force is set).
func (svc *VolumeService) Remove(name string, force bool) error {
	svc.mu.Lock()
	defer svc.mu.Unlock()
	v, ok := svc.volumes[name]
	if !ok {
		return errNoSuchVolume
	}
	if !force && svc.inUse(name) {
		return fmt.Errorf("remove %s: %w", name, errVolumeInUse)
	}
	if err := svc.drivers[v.driver].Remove(name); err != nil {
		svc.logf("volume %s: driver %s: %v", name, v.driver, err)
		return err
	}
	delete(svc.volumes, name)
	delete(svc.refs, name)
	return nil
}

type localDriver struct{}

func (localDriver) Name() string             { return "local" }
func (localDriver) Remove(name string) error { return nil }

func TestRemoveVolume(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		svc := NewVolumeService(localDriver{})
		if err := svc.Create("data", "local", nil); err != nil {
			t.Errorf("create: %v", err)
			return
		}
		svc.Reference("data", "c1")
		if err := svc.Remove("data", false); !errors.Is(err, errVolumeInUse) {
			t.Errorf("remove of a used volume: %v", err)
		}
	})
}
