package searchleavesreader

import (
	"bufio"
	"strings"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Entry struct {
	Line int
	Text string
}

// scan streams the log's entries to out, one per line, until done is closed.
func scan(log string, out chan<- Entry, done <-chan struct{}) {
	defer close(out)
	s := bufio.NewScanner(strings.NewReader(log))
	n := 0
	for s.Scan() {
		n++
		select {
		case out <- Entry{Line: n, Text: s.Text()}:
		case <-done:
			return
		}
	}
}

// FirstError returns the first entry that reports an error.
func FirstError(log string) (Entry, bool) {
	entries := make(chan Entry)
	done := make(chan struct{})
	defer close(done)
	go scan(log, entries, done)
	for e := range entries {
		if strings.Contains(e.Text, "level=error") {
			return e, true
		}
	}
	return Entry{}, false
}

func TestFirstError(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		log := "level=info msg=start\nlevel=error msg=disk full\nlevel=info msg=retry\nlevel=info msg=done"
		e, ok := FirstError(log)
		if !ok || e.Line != 2 {
			t.Errorf("got %v %v", e, ok)
		}
	})
}
