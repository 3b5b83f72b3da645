// Package greet has a goroutine that always finishes: nothing to report.
package greet

// Hello computes the greeting on a goroutine and waits for it.
func Hello(name string) string {
	done := make(chan string, 1)
	go func() {
		done <- "hello, " + name
	}()
	return <-done
}
