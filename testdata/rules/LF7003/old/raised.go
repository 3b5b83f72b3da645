//go:build go1.22

package old

// This file requires go1.22, so its loops have per-iteration variables whatever the module says.
func raised(names []string) {
	for _, name := range names {
		go func() { process(name) }()
	}
}
