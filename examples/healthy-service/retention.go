package main

import (
	"bytes"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"syscall"
)

// manifests remembers the header of the last manifest each uploader sent, for the status page.
type manifests struct {
	mu    sync.Mutex
	heads map[string][]byte
}

var recentManifests = &manifests{heads: map[string][]byte{}}

const maxManifests = 1000

func (s *server) handleUpload(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	if err != nil || len(body) < 64 {
		http.Error(w, "short manifest", http.StatusBadRequest)
		return
	}
	name := r.URL.Query().Get("name")
	recentManifests.mu.Lock()
	defer recentManifests.mu.Unlock()
	if len(recentManifests.heads) >= maxManifests {
		for k := range recentManifests.heads {
			delete(recentManifests.heads, k)
			break
		}
	}
	// A copy of the 64 bytes: a subslice would keep the whole body (up to 32 MiB) alive.
	recentManifests.heads[name] = append([]byte(nil), body[:64]...)
	w.WriteHeader(http.StatusAccepted)
}

// renderPool holds the buffers reports are rendered into.
var renderPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer is the largest buffer given back to renderPool: larger ones are left to the collector.
const maxPooledBuffer = 64 << 10

func (s *server) handleReport(w http.ResponseWriter, r *http.Request) {
	buf := renderPool.Get().(*bytes.Buffer)
	buf.Reset()
	for _, line := range strings.Split(r.URL.Query().Get("lines"), ",") {
		buf.WriteString(line)
		buf.WriteByte('\n')
	}
	_, _ = w.Write(buf.Bytes())
	if buf.Cap() > maxPooledBuffer {
		return
	}
	renderPool.Put(buf)
}

// lockFile holds the descriptor of the data directory's lock file.
type lockFile struct {
	fd int
}

func openLock(path string) (*lockFile, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CREAT, 0o600)
	if err != nil {
		return nil, err
	}
	l := &lockFile{fd: fd}
	// A safety net for a forgotten Close, on the finalizer's own parameter.
	runtime.SetFinalizer(l, (*lockFile).Close)
	return l, nil
}

// Close releases the descriptor now rather than at some later garbage collection.
func (l *lockFile) Close() error {
	runtime.SetFinalizer(l, nil)
	return syscall.Close(l.fd)
}

func (s *server) handleLockStatus(w http.ResponseWriter, r *http.Request) {
	l, err := openLock(s.catalog + ".lock")
	if err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	defer l.Close()
	var st syscall.Stat_t
	if err := syscall.Fstat(l.fd, &st); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
