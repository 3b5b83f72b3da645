package order

import "sync"

// Two goroutines of one function taking the function's own two mutexes in opposite orders.
func transferBoth() {
	var a, b sync.Mutex
	done := make(chan bool)
	go func() {
		a.Lock()
		b.Lock() // want `lock-order inversion: the function literal at line \d+ takes b while holding a \(since line 10\)`
		b.Unlock()
		a.Unlock()
		done <- true
	}()
	go func() {
		b.Lock()
		a.Lock()
		a.Unlock()
		b.Unlock()
		done <- true
	}()
	<-done
	<-done
}

// The fix: one order everywhere.
func transferOrdered() {
	var a, b sync.Mutex
	done := make(chan bool)
	for i := 0; i < 2; i++ {
		go func() {
			a.Lock()
			b.Lock()
			b.Unlock()
			a.Unlock()
			done <- true
		}()
	}
	<-done
	<-done
}

// Mutexes of two different functions, named alike, are different mutexes.
func firstOrder() {
	var a, b sync.Mutex
	a.Lock()
	b.Lock()
	b.Unlock()
	a.Unlock()
}

func secondOrder() {
	var a, b sync.Mutex
	b.Lock()
	a.Lock()
	a.Unlock()
	b.Unlock()
}
