package waiting

import "sync"

// A function's own mutex held across a send on its own unbuffered channel, whose only receiver (a goroutine of
// the same function) takes that mutex before it receives.
func handoffUnderLock() {
	var mu sync.Mutex
	ch := make(chan int)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		mu.Lock()
		ch <- 1 // want `the function literal at line 12 sends on unbuffered ch while holding mu \(locked at line 14\), but the function literal at line 18, which receives from it, locks mu before it does`
		mu.Unlock()
	}()
	go func() {
		defer wg.Done()
		mu.Lock()
		<-ch
		mu.Unlock()
	}()
	wg.Wait()
}

// A wait for the function's own workers while holding the function's own mutex, which every worker takes.
func waitUnderOwnLock() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	mu.Lock()
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			mu.Unlock()
		}()
	}
	wg.Wait() // want `waitUnderOwnLock waits for wg while holding mu \(locked at line 31\), but the function literal at line 34, which calls wg.Done, locks mu first`
	mu.Unlock()
}

// The fixes: send after unlocking; a receiver that locks only after it has received; a buffered channel.
func handoffAfterUnlock() {
	var mu sync.Mutex
	ch := make(chan int)
	go func() {
		mu.Lock()
		v := 1
		mu.Unlock()
		ch <- v
	}()
	go func() {
		<-ch
		mu.Lock()
		mu.Unlock()
	}()
}

func handoffBuffered() {
	var mu sync.Mutex
	ch := make(chan int, 1)
	go func() {
		mu.Lock()
		ch <- 1
		mu.Unlock()
	}()
	go func() {
		mu.Lock()
		<-ch
		mu.Unlock()
	}()
}

func waitAfterUnlock() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			mu.Unlock()
		}()
	}
	wg.Wait()
}

// A handshake before the lock (sync's TestCondSignalStealing): the receive that serves the send comes first.
func handshakeThenLock() {
	for i := 0; i < 3; i++ {
		var m sync.Mutex
		ch := make(chan struct{})
		go func() {
			m.Lock()
			ch <- struct{}{}
			m.Unlock()
			ch <- struct{}{}
		}()
		<-ch
		m.Lock()
		m.Unlock()
		<-ch
	}
}

// A buffered channel from a pool, received under the lock only once the goroutine has sent (fasthttp's deadline
// path): the value is already in the buffer.
var responsePool sync.Pool

func deadlineCall(timeout <-chan struct{}) int {
	chv := responsePool.Get()
	if chv == nil {
		chv = make(chan int, 1)
	}
	ch := chv.(chan int)
	var mu sync.Mutex
	var timedout, responded bool
	go func() {
		mu.Lock()
		if !timedout {
			ch <- 1
			responded = true
		}
		mu.Unlock()
	}()
	select {
	case v := <-ch:
		return v
	case <-timeout:
		mu.Lock()
		defer mu.Unlock()
		if responded {
			return <-ch
		}
		timedout = true
		return 0
	}
}
