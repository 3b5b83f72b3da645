package feederafterworkersquit

import (
	"errors"
	"strings"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var errReadOnly = errors.New("table is read-only")

type table struct {
	readOnly bool
	rows     []string
}

func (t *table) insert(row string) error {
	if t.readOnly {
		return errReadOnly
	}
	t.rows = append(t.rows, row)
	return nil
}

// Import inserts rows with a pool of workers and returns the first error.
func Import(t *table, rows []string, workers int) error {
	ch := make(chan string)
	errc := make(chan error, workers)
	for i := 0; i < workers; i++ {
		go func() {
			for row := range ch {
				if err := t.insert(strings.TrimSpace(row)); err != nil {
					errc <- err
					return
				}
			}
			errc <- nil
		}()
	}
	for _, row := range rows {
		ch <- row
	}
	close(ch)
	var first error
	for i := 0; i < workers; i++ {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

func TestImportIntoReadOnlyTable(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		tbl := &table{readOnly: true}
		err := Import(tbl, []string{"a", "b", "c", "d", "e"}, 2)
		if err != errReadOnly {
			t.Errorf("got %v, want %v", err, errReadOnly)
		}
	})
}
