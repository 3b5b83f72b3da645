package loops

import "testing"

// A test sends while the loop runs: its steps run in the order written, so that send is served. Silent.
func TestDispatcherRuns(t *testing.T) {
	d := NewDispatcher()
	d.jobs <- "a"
	d.Stop()
}

// A test that stops the loop first and then sends: that send blocks.
func TestDispatcherAfterStop(t *testing.T) {
	d := NewDispatcher()
	d.jobs <- "a"
	d.Stop()
	d.jobs <- "b" // want `TestDispatcherAfterStop sends on d.jobs, .*; here it runs after the call to Stop \(line 16\) ended the loop`
}

// A test that defers the Stop: it runs at the return, after every send, so each send is served. Silent.
func TestDispatcherDeferredStop(t *testing.T) {
	d := NewDispatcher()
	defer d.Stop()
	d.jobs <- "a"
	d.jobs <- "b"
}

// The same with the Stop in a deferred closure, and a goroutine test driver beside it. Silent.
func TestDispatcherDeferredStopClosure(t *testing.T) {
	d := NewDispatcher()
	defer func() {
		d.Stop()
	}()
	got := make(chan bool)
	go func() { got <- true }()
	d.jobs <- "a"
	<-got
}

// A deferred Stop before an explicit one: the explicit call is the one that ends the loop.
func TestDispatcherDeferredThenStop(t *testing.T) {
	d := NewDispatcher()
	defer d.Stop()
	d.jobs <- "a"
	d.Stop()
	d.jobs <- "b" // want `TestDispatcherDeferredThenStop sends on d.jobs, .*; here it runs after the call to Stop \(line 45\) ended the loop`
}
