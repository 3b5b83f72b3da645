package locknounlock

import (
	"errors"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestLookupAfterClose(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := NewTemplateCache()
		if _, err := c.Lookup("_default/single.html"); err != nil {
			t.Errorf("err = %v", err)
		}
		c.Close()
		if _, err := c.Lookup("_default/list.html"); !errors.Is(err, errClosed) {
			t.Errorf("err = %v", err)
		}
	})
}
