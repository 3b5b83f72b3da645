package main

import (
	"errors"
	"fmt"
	"hash/crc32"
	"log"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

// snapshotChecksum maps the catalog snapshot to checksum it without copying it. The mapping is not unmapped
// when the snapshot is too short: every bad snapshot served keeps its file mapped for ever.
func snapshotChecksum(path string) (uint32, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED) // LEAK LF2005
	if err != nil {
		return 0, err
	}
	if len(data) < 8 {
		return 0, errors.New("snapshot too short")
	}
	sum := crc32.ChecksumIEEE(data)
	syscall.Munmap(data)
	return sum, nil
}

// waitCatalogChange blocks until the catalog file is rewritten. The inotify descriptor is never closed:
// every reload holds one more of the user's 128 inotify instances until the process exits.
func waitCatalogChange(path string) error {
	fd, err := syscall.InotifyInit1(syscall.IN_CLOEXEC) // LEAK LF2006
	if err != nil {
		return err
	}
	if _, err := syscall.InotifyAddWatch(fd, path, syscall.IN_CLOSE_WRITE); err != nil {
		return err
	}
	buf := make([]byte, syscall.SizeofInotifyEvent+syscall.NAME_MAX+1)
	_, err = syscall.Read(fd, buf)
	return err
}

// reloadOnChange reloads the catalog whenever its file is rewritten.
func (s *server) reloadOnChange() {
	for {
		if err := waitCatalogChange(s.catalog); err != nil {
			log.Printf("catalog watch: %v", err)
			time.Sleep(time.Minute)
			continue
		}
		if _, err := loadCatalog(s.catalog); err != nil {
			log.Printf("catalog: %v", err)
		}
	}
}

// handleCatalogStatus reports the catalog snapshot's checksum, and whether an export target is readable.
func (s *server) handleCatalogStatus(w http.ResponseWriter, r *http.Request) {
	sum, err := snapshotChecksum(s.catalog + ".snapshot")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if target := r.URL.Query().Get("export"); target != "" {
		if err := canRead(target); err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		if hook := os.Getenv("EXPORT_HOOK"); hook != "" {
			if err := runExportHook(hook, target); err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
				return
			}
		}
	}
	fmt.Fprintf(w, "snapshot crc32 %08x\n", sum)
}

// exportBatch exports the day's orders one by one; SIGUSR1 drains the batch early.
func (s *server) exportBatch(orders []string) {
	batch := make(chan string, len(orders))
	for _, o := range orders {
		batch <- o
	}
	close(batch)
	drainOnSignal(batch, func(o string) { log.Printf("export %s", o) })
}

// runExportHook runs the operator's export hook on a finished export. When the hook does not report ready
// in time the function gives up without waiting: the hook becomes a zombie.
func runExportHook(hook, file string) error {
	cmd := exec.Command(hook, file)
	if err := cmd.Start(); err != nil { // LEAK LF2007
		return err
	}
	done := make(chan error, 1)
	go func() { done <- waitReady(file) }()
	select {
	case err := <-done:
		if err != nil {
			cmd.Process.Kill()
			return err
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		return errors.New("export hook timed out")
	}
	return cmd.Wait()
}

func waitReady(file string) error {
	_, err := os.Stat(file + ".ready")
	return err
}

// drainOnSignal stops the batch when the operator sends SIGUSR1, for as long as the batch runs. The channel
// stays registered after the batch: every later batch adds one more, and each holds its channel for ever.
func drainOnSignal(batch <-chan string, process func(string)) {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGUSR1) // LEAK LF3004
	for {
		select {
		case item, ok := <-batch:
			if !ok {
				return
			}
			process(item)
		case <-stop:
			log.Printf("batch drained on signal")
			return
		}
	}
}
