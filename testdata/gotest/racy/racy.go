package racy

// Count increments a shared counter from two goroutines without synchronisation.
func Count() int {
	n := 0
	done := make(chan struct{})
	go func() {
		n++
		close(done)
	}()
	n++
	<-done
	return n
}
