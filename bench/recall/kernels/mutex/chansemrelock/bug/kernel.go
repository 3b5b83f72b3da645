package chansemrelock

import (
	"fmt"
	"log"
	"sort"
	"strings"
)

type Image struct {
	ID       string
	Tags     []string
	Parent   string
	Size     int64
	Dangling bool
}

// ImageStore keeps the daemon's images. A capacity-one channel is its lock: a send takes it, a receive
// gives it back (it was once shared with a select-based cancellable acquire).
type ImageStore struct {
	lock   chan struct{}
	images map[string]*Image
	freed  int64
}

func NewImageStore() *ImageStore {
	return &ImageStore{lock: make(chan struct{}, 1), images: map[string]*Image{}}
}

func (s *ImageStore) acquire() { s.lock <- struct{}{} }
func (s *ImageStore) release() { <-s.lock }

func (s *ImageStore) Add(img *Image) {
	s.acquire()
	defer s.release()
	s.images[img.ID] = img
}

// Delete removes an image that no other image names as its parent.
func (s *ImageStore) Delete(id string) error {
	s.acquire()
	defer s.release()
	img, ok := s.images[id]
	if !ok {
		return fmt.Errorf("no such image: %s", id)
	}
	for _, other := range s.images {
		if other.Parent == id {
			return fmt.Errorf("conflict: %s has dependent child images", shortID(id))
		}
	}
	delete(s.images, id)
	s.freed += img.Size
	return nil
}

// PruneDangling deletes every dangling image and reports what it deleted.
func (s *ImageStore) PruneDangling() ([]string, error) {
	s.acquire()
	defer s.release()
	var deleted []string
	for id, img := range s.images {
		if !img.Dangling {
			continue
		}
		if err := s.Delete(id); err != nil {
			log.Printf("prune: %v", err)
			continue
		}
		deleted = append(deleted, shortID(id))
	}
	sort.Strings(deleted)
	return deleted, nil
}

func shortID(id string) string {
	id = strings.TrimPrefix(id, "sha256:")
	if len(id) > 12 {
		return id[:12]
	}
	return id
}
