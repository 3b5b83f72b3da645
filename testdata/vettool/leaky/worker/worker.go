// Package worker starts a goroutine that nobody receives from on one path.
package worker

// Start returns before anyone reads the result channel, so the goroutine blocks for ever on its send.
func Start(n int) int {
	results := make(chan int)
	go func() {
		results <- n * 2
	}()
	return n
}

// Suppressed leaks the same way, on purpose and said so: vet must stay silent about it.
func Suppressed(n int) int {
	results := make(chan int)
	go func() {
		results <- n //nolint:LF1001 // the test pins that //nolint is honoured under go vet
	}()
	return n
}
