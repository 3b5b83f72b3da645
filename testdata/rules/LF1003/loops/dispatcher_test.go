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
