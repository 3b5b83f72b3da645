package loops

// One function runs its own loop goroutine, stops it, and sends again.
func replayThenStop(events []string) int {
	reqs := make(chan string)
	stop := make(chan struct{})
	seen := 0
	go func() {
		for {
			select {
			case e := <-reqs:
				_ = e
				seen++
			case <-stop:
				return
			}
		}
	}()
	for _, e := range events {
		reqs <- e
	}
	close(stop)
	reqs <- "flush" // want `this send on reqs comes after line 22 stopped the goroutine started at line 8, the only receiver of reqs`
	return seen
}

// Fixed: the last send comes before the stop. Silent.
func replayThenStopFixed(events []string) {
	reqs := make(chan string)
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case e := <-reqs:
				_ = e
			case <-stop:
				return
			}
		}
	}()
	for _, e := range events {
		reqs <- e
	}
	reqs <- "flush"
	close(stop)
}

// Another receiver of the channel in the function may take the send. Silent.
func replayTwoReaders() {
	reqs := make(chan string)
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-reqs:
			case <-stop:
				return
			}
		}
	}()
	go func() { <-reqs }()
	close(stop)
	reqs <- "last"
}

// A buffered channel takes the send without the loop. Silent.
func replayBuffered() {
	reqs := make(chan string, 1)
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-reqs:
			case <-stop:
				return
			}
		}
	}()
	close(stop)
	reqs <- "last"
}
