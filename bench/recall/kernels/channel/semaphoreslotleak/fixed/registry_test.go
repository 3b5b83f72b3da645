package semaphoreslotleak

import (
	"errors"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var errUnauthorized = errors.New("unauthorized")

type client struct {
	slots  chan struct{}
	tokens map[string]string
}

func newClient(parallel int, tokens map[string]string) *client {
	return &client{slots: make(chan struct{}, parallel), tokens: tokens}
}

// Pull downloads one layer, at most cap(c.slots) at a time.
func (c *client) Pull(repo, digest string) ([]byte, error) {
	c.slots <- struct{}{}
	defer func() { <-c.slots }()
	token, ok := c.tokens[repo]
	if !ok {
		return nil, errUnauthorized
	}
	return []byte(token + "/" + digest), nil
}

func TestPullAfterAuthFailures(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := newClient(2, map[string]string{"library/alpine": "t0k3n"})
		for i := 0; i < 2; i++ {
			if _, err := c.Pull("private/app", "sha256:aa"); err != errUnauthorized {
				t.Errorf("got %v, want unauthorized", err)
			}
		}
		if _, err := c.Pull("library/alpine", "sha256:bb"); err != nil {
			t.Error(err)
		}
	})
}
