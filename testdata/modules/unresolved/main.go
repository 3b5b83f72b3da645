// Package partial uses modules that are required but not downloaded: their packages stay unresolved, so the
// values they return have unknown types. Rules must stay silent on those, even where the names mimic std
// resources; the one real leak below (os.Open) must still be found.
package partial

import (
	"os"

	context "github.com/absent/netkit/ctx"
	http "github.com/absent/netkit/http"
	sync "github.com/absent/netkit/locks"
	time "github.com/absent/timekit"
)

// Looks like net/http.Get, but http is an unresolved package: resp has an unknown type.
func fetch(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	_ = resp.StatusCode
	return nil
}

// Looks like time.NewTicker and context.WithCancel, from unresolved packages.
func poll(parent context.Context, d time.Duration) {
	t := time.NewTicker(d)
	ctx, _ := context.WithCancel(parent)
	_, _ = t, ctx
}

var mu sync.Mutex

// A mutex of an unknown type: its Lock and Unlock are unknown calls.
func locked(ok bool) int {
	mu.Lock()
	if ok {
		return 1
	}
	mu.Unlock()
	return 0
}

// Closes deferred in a loop and a WaitGroup counted inside its goroutine, on values of unknown types.
func each(names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		resp, err := http.Get(n)
		if err != nil {
			continue
		}
		defer resp.Body.Close()
		go func() {
			wg.Add(1)
			defer wg.Done()
		}()
	}
	wg.Wait()
}

// The control: a real *os.File that is never closed.
func readConfig(name string) error {
	f, err := os.Open(name) // reported: LF2002
	if err != nil {
		return err
	}
	_ = f.Name()
	return nil
}

func main() {
	_ = fetch(os.Args[1])
	poll(1)
	_ = locked(len(os.Args) > 2)
	_ = readConfig("app.conf")
	each(os.Args)
}
