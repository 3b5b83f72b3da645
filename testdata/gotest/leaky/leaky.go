package leaky

// Fetch starts a worker that sends its result, but returns early on a cached value without receiving:
// the worker then blocks on its send forever.
func Fetch(cached bool) int {
	results := make(chan int)
	go worker(results)
	if cached {
		return 1
	}
	return <-results
}

func worker(results chan<- int) {
	results <- 42
}
