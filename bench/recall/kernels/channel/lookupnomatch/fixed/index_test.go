package lookupnomatch

import (
	"strings"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type entry struct {
	Path string
	Size int64
}

type index struct {
	entries []entry
}

// Find returns the first entry whose path has the given suffix, and whether there was one.
func (ix *index) Find(suffix string) (entry, bool) {
	found := make(chan entry)
	go func() {
		for _, e := range ix.entries {
			if strings.HasSuffix(e.Path, suffix) {
				found <- e
				return
			}
		}
		close(found) // no match: the receive gets the zero entry
	}()
	e := <-found
	return e, e.Path != ""
}

func TestFindMissing(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		ix := &index{entries: []entry{{Path: "content/post/a.md", Size: 10}}}
		if _, ok := ix.Find("b.md"); ok {
			t.Error("found an entry that does not exist")
		}
	})
}
