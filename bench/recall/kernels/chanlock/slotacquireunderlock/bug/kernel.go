package slotacquireunderlock

import (
	"sync"
	"time"
)

type Progress struct {
	ID      string
	Current int64
	Total   int64
}

// transfer is one layer download that several pulls may watch.
type transfer struct {
	key      string
	done     chan struct{}
	err      error
	watchers int
}

type DoFunc func(progress chan<- Progress) error

// transferManager deduplicates layer downloads and limits how many run at once.
type transferManager struct {
	mu       sync.Mutex
	active   map[string]*transfer
	slots    chan struct{}
	progress chan Progress
}

func newTransferManager(limit int) *transferManager {
	tm := &transferManager{
		active:   map[string]*transfer{},
		slots:    make(chan struct{}, limit),
		progress: make(chan Progress, 64),
	}
	return tm
}

// Transfer starts the download for key, or joins the one already running.
func (tm *transferManager) Transfer(key string, do DoFunc) *transfer {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	if t, ok := tm.active[key]; ok {
		t.watchers++
		return t
	}
	tm.slots <- struct{}{} // wait for a free download slot
	t := &transfer{key: key, done: make(chan struct{}), watchers: 1}
	tm.active[key] = t
	go tm.run(t, do)
	return t
}

func (tm *transferManager) run(t *transfer, do DoFunc) {
	t.err = do(tm.progress)
	tm.release(t)
	close(t.done)
}

func (tm *transferManager) release(t *transfer) {
	tm.mu.Lock()
	delete(tm.active, t.key)
	tm.mu.Unlock()
	<-tm.slots
}

func download(id string, size int64) DoFunc {
	return func(progress chan<- Progress) error {
		for n := int64(0); n < size; n += size / 4 {
			time.Sleep(5 * time.Millisecond)
			select {
			case progress <- Progress{ID: id, Current: n, Total: size}:
			default:
			}
		}
		return nil
	}
}
