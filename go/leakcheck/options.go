package leakcheck

import "time"

// Option changes what VerifyNone and VerifyTestMain ignore and how long they wait for goroutines to exit.
type Option func(*config)

type config struct {
	topFunctions map[string]bool
	ignoredIDs   map[int64]bool
	maxWait      time.Duration
	maxRetries   int
}

// Goroutines that are merely finishing get this long to exit before they count as leaked.
const defaultMaxWait = time.Second

func newConfig(opts []Option) *config {
	c := &config{topFunctions: map[string]bool{}, ignoredIDs: map[int64]bool{}, maxWait: defaultMaxWait, maxRetries: -1}
	for _, o := range opts {
		o(c)
	}
	return c
}

// IgnoreTopFunction ignores goroutines whose innermost function is name ("pkg.(*T).loop", as the runtime
// prints it, without arguments): a long-lived worker the test knowingly leaves running.
func IgnoreTopFunction(name string) Option {
	return func(c *config) { c.topFunctions[name] = true }
}

// IgnoreCurrent ignores every goroutine that exists when IgnoreCurrent is called, so a test checks only
// the goroutines it starts itself.
func IgnoreCurrent() Option {
	ids := map[int64]bool{}
	for _, g := range snapshot() {
		ids[g.id] = true
	}
	return func(c *config) {
		for id := range ids {
			c.ignoredIDs[id] = true
		}
	}
}

// MaxWait is how long goroutines may take to exit before they count as leaked (default one second).
func MaxWait(d time.Duration) Option {
	return func(c *config) { c.maxWait = d }
}

// MaxRetries caps how many times the goroutines are listed again while waiting for them to exit.
func MaxRetries(n int) Option {
	return func(c *config) { c.maxRetries = n }
}

func (c *config) ignored(g goroutine) bool {
	return c.ignoredIDs[g.id] || c.topFunctions[g.topFunction()] || frameworkReason(g) != ""
}
