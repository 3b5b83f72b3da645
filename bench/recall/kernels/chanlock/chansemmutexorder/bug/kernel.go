package chansemmutexorder

import (
	"sort"
	"sync"
	"time"
)

type Image struct {
	ID       string
	Size     int64
	LastUsed time.Time
	Pinned   bool
}

// Runtime is the container runtime's image service.
type Runtime interface {
	PullImage(ref string) (Image, error)
	RemoveImage(id string) error
}

type ImageManager struct {
	rt Runtime
	// pulls serializes runtime image operations: the runtime cannot pull and remove at the same time.
	pulls chan struct{}

	mu     sync.Mutex
	images map[string]*Image
	inUse  map[string]int
}

func NewImageManager(rt Runtime) *ImageManager {
	return &ImageManager{rt: rt, pulls: make(chan struct{}, 1), images: map[string]*Image{}, inUse: map[string]int{}}
}

func (m *ImageManager) acquire() { m.pulls <- struct{}{} }
func (m *ImageManager) release() { <-m.pulls }

// Pull makes sure ref is present.
func (m *ImageManager) Pull(ref string) error {
	m.acquire()
	defer m.release()
	img, err := m.rt.PullImage(ref)
	if err != nil {
		return err
	}
	m.mu.Lock()
	m.images[img.ID] = &img
	m.mu.Unlock()
	return nil
}

func (m *ImageManager) Use(id string) {
	m.mu.Lock()
	m.inUse[id]++
	m.mu.Unlock()
}

// GarbageCollect removes unused images, oldest first, until freed reaches want bytes.
func (m *ImageManager) GarbageCollect(want int64) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var candidates []*Image
	for id, img := range m.images {
		if m.inUse[id] == 0 && !img.Pinned {
			candidates = append(candidates, img)
		}
	}
	sort.Slice(candidates, func(i, j int) bool { return candidates[i].LastUsed.Before(candidates[j].LastUsed) })
	var freed int64
	for _, img := range candidates {
		if freed >= want {
			break
		}
		if err := m.removeImage(img.ID); err != nil {
			return freed, err
		}
		delete(m.images, img.ID)
		freed += img.Size
	}
	return freed, nil
}

func (m *ImageManager) removeImage(id string) error {
	m.acquire()
	defer m.release()
	return m.rt.RemoveImage(id)
}

func (m *ImageManager) Count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.images)
}

type fakeRuntime struct {
	pullDelay time.Duration
}

func (f fakeRuntime) PullImage(ref string) (Image, error) {
	time.Sleep(f.pullDelay)
	return Image{ID: "sha256:" + ref, Size: 100, LastUsed: time.Now()}, nil
}

func (f fakeRuntime) RemoveImage(string) error { return nil }
