package waiting

import "sync"

// Negative: a loader initialises each package once, loading its imports in parallel under the package's
// own Once; the workers take the imports' Onces (other values of the same type), never this one.
type loaderPackage struct {
	loadOnce sync.Once
	imports  []*loaderPackage
	loaded   bool
}

func loadRecursive(lpkg *loaderPackage) {
	lpkg.loadOnce.Do(func() {
		var wg sync.WaitGroup
		for _, ipkg := range lpkg.imports {
			wg.Add(1)
			go func(ipkg *loaderPackage) {
				loadRecursive(ipkg)
				wg.Done()
			}(ipkg)
		}
		wg.Wait()
		lpkg.loaded = true
	})
}
