package loopsendstoself

import (
	"errors"
	"sync"
)

var errStopped = errors.New("folder stopped")

// Puller downloads the files that differ from the cluster's view; it returns the paths it
// changed on disk.
type Puller interface {
	Pull(folder string) ([]string, error)
}

type scanRequest struct {
	subdirs []string
	err     chan error
}

// Folder serialises scans and pulls of one folder on its Serve loop.
type Folder struct {
	id      string
	puller  Puller
	scanReq chan scanRequest
	pullReq chan struct{}
	stop    chan struct{}

	mu      sync.Mutex
	scanned []string
}

func NewFolder(id string, p Puller) *Folder {
	return &Folder{
		id:      id,
		puller:  p,
		scanReq: make(chan scanRequest),
		pullReq: make(chan struct{}, 1),
		stop:    make(chan struct{}),
	}
}

func (f *Folder) Serve() {
	for {
		select {
		case req := <-f.scanReq:
			req.err <- f.scanSubdirs(req.subdirs)
		case <-f.pullReq:
			f.pull()
		case <-f.stop:
			return
		}
	}
}

func (f *Folder) Stop() { close(f.stop) }

// SchedulePull asks the loop to pull; a pending request covers this one.
func (f *Folder) SchedulePull() {
	select {
	case f.pullReq <- struct{}{}:
	default:
	}
}

// Scan asks the loop to rescan subdirs and waits for the result.
func (f *Folder) Scan(subdirs []string) error {
	req := scanRequest{subdirs: subdirs, err: make(chan error, 1)}
	select {
	case f.scanReq <- req:
	case <-f.stop:
		return errStopped
	}
	return <-req.err
}

func (f *Folder) pull() {
	changed, err := f.puller.Pull(f.id)
	if err != nil || len(changed) == 0 {
		return
	}
	// Bring the index in line with what the pull wrote.
	_ = f.Scan(changed)
}

func (f *Folder) scanSubdirs(subdirs []string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(subdirs) == 0 {
		subdirs = []string{"."}
	}
	f.scanned = append(f.scanned, subdirs...)
	return nil
}

func (f *Folder) Scanned() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.scanned...)
}
