package waitregistry

import "time"

// Requesters that give up after a timeout: a skipped trigger delays nobody for ever.

type lenientRegistry struct {
	m map[uint64]chan error
}

func (w *lenientRegistry) Register(id uint64) chan error {
	ch := make(chan error, 1)
	w.m[id] = ch
	return ch
}

func (w *lenientRegistry) Trigger(id uint64, err error) {
	if ch, ok := w.m[id]; ok {
		ch <- err
	}
}

type lenientServer struct {
	w *lenientRegistry
}

func (s *lenientServer) apply(id uint64, ok bool) {
	if !ok {
		return
	}
	s.w.Trigger(id, nil)
}

func (s *lenientServer) Put(id uint64) error {
	ch := s.w.Register(id)
	select {
	case err := <-ch:
		return err
	case <-time.After(time.Second):
		return nil
	}
}
