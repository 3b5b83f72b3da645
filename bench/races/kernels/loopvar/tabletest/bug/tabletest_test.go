package tabletest

import (
	"sort"
	"strings"
	"testing"
)

func handle(backend, req string) string { return backend + ":" + strings.ToUpper(req) }

// TestBackends starts a fake backend per case, sends it one request in a subtest, then shuts it down;
// each backend reports its name when it stops.
func TestBackends(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"alpha", "ping", "alpha:PING"},
		{"beta", "get", "beta:GET"},
		{"gamma", "put", "gamma:PUT"},
	}
	stopped := make(chan string, len(cases))
	for _, tc := range cases {
		reqs, resps := make(chan string), make(chan string)
		go func() {
			for r := range reqs {
				resps <- handle(tc.name, r)
			}
			stopped <- tc.name
		}()
		t.Run(tc.name, func(t *testing.T) {
			reqs <- tc.in
			if got := <-resps; got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
		close(reqs)
	}
	var names []string
	for range cases {
		names = append(names, <-stopped)
	}
	sort.Strings(names)
	if strings.Join(names, ",") != "alpha,beta,gamma" {
		t.Errorf("stopped backends %v", names)
	}
}
