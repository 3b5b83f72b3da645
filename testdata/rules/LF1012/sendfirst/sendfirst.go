package sendfirst

import "sync"

// The server greets first, the client sends its request first: both wait on an unbuffered send.
func Handshake() int {
	req := make(chan int)
	resp := make(chan int)
	go func() {
		resp <- 0 // want `The goroutine started at line \d+ sends on resp first while Handshake sends on req first \(line \d+\): both channels are unbuffered and each side receives only after its own send`
		r := <-req
		resp <- r + 1
	}()
	req <- 41
	<-resp
	return <-resp
}

// Two goroutines that each announce themselves before listening.
func Exchange() {
	ab := make(chan string)
	ba := make(chan string)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		ab <- "a" // want `The goroutine started at line \d+ sends on ab first while the goroutine started at line \d+ sends on ba first`
		<-ba
	}()
	go func() {
		defer wg.Done()
		ba <- "b"
		<-ab
	}()
	wg.Wait()
}

// The fix: the client reads the greeting before it sends. Silent.
func HandshakeFixed() int {
	req := make(chan int)
	resp := make(chan int)
	go func() {
		resp <- 0
		r := <-req
		resp <- r + 1
	}()
	<-resp
	req <- 41
	return <-resp
}

// One side listens first. Silent.
func ExchangeFixed() {
	ab := make(chan string)
	ba := make(chan string)
	done := make(chan struct{})
	go func() {
		ab <- "a"
		<-ba
		close(done)
	}()
	go func() {
		<-ab
		ba <- "b"
	}()
	<-done
}

// A buffered greeting does not wait for the client. Silent.
func HandshakeBuffered() int {
	req := make(chan int)
	resp := make(chan int, 1)
	go func() {
		resp <- 0
		r := <-req
		resp <- r + 1
	}()
	req <- 41
	<-resp
	return <-resp
}

// A third goroutine also reads requests: the first send may be taken there. Silent.
func Relay() {
	req := make(chan int)
	resp := make(chan int)
	go func() {
		resp <- 0
		<-req
	}()
	go func() { <-req }()
	req <- 1
	<-resp
}
