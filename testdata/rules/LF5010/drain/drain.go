package drain

import "time"

// A batcher that re-arms its flush timer after every event: when the timer's case won, Stop returns false and the
// drain waits for a second value.
type Batcher struct {
	in    chan int
	flush func([]int)
}

func (b *Batcher) Run(stop <-chan struct{}) {
	var buf []int
	t := time.NewTimer(time.Second)
	for {
		select {
		case <-stop:
			return
		case v := <-b.in:
			buf = append(buf, v)
		case <-t.C:
			b.flush(buf)
			buf = nil
		}
		if !t.Stop() {
			<-t.C // want `t.C was already received at line \d+, so the timer has fired and t.Stop\(\) returns false here: this drain then waits for a value that never comes`
		}
		t.Reset(time.Second)
	}
}

// The drain at the top of the loop meets the value the previous iteration's case took.
type Poller struct {
	timer *time.Timer
	poll  func()
}

func (p *Poller) Loop(events <-chan string, every time.Duration) {
	for {
		if !p.timer.Stop() {
			<-p.timer.C // want `p.timer.C was already received at line \d+, so the timer has fired and p.timer.Stop\(\) returns false here of the next iteration`
		}
		p.timer.Reset(every)
		select {
		case <-p.timer.C:
			p.poll()
		case e, ok := <-events:
			if !ok {
				return
			}
			_ = e
		}
	}
}

// The fix: remember that the value was taken. Silent.
func (b *Batcher) RunFixed(stop <-chan struct{}) {
	var buf []int
	t := time.NewTimer(time.Second)
	for {
		fired := false
		select {
		case <-stop:
			return
		case v := <-b.in:
			buf = append(buf, v)
		case <-t.C:
			fired = true
			b.flush(buf)
			buf = nil
		}
		if !t.Stop() && !fired {
			<-t.C
		}
		t.Reset(time.Second)
	}
}

// The fix: a non-blocking drain. Silent.
func (b *Batcher) RunNonBlocking(stop <-chan struct{}) {
	t := time.NewTimer(time.Second)
	for {
		select {
		case <-stop:
			return
		case <-b.in:
		case <-t.C:
			b.flush(nil)
		}
		if !t.Stop() {
			select {
			case <-t.C:
			default:
			}
		}
		t.Reset(time.Second)
	}
}

// The timer's case re-arms it itself and the drain only follows the other cases. Silent.
func (b *Batcher) RunResetInCase(stop <-chan struct{}) {
	t := time.NewTimer(time.Second)
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			b.flush(nil)
			t.Reset(time.Second)
			continue
		case <-b.in:
		}
		if !t.Stop() {
			<-t.C
		}
		t.Reset(time.Second)
	}
}

// The timer's case leaves: the drain is never reached after it. Silent.
func Wait(t *time.Timer, done <-chan struct{}) bool {
	select {
	case <-t.C:
		return false
	case <-done:
	}
	if !t.Stop() {
		<-t.C
	}
	return true
}

// No case of the timer: the drain is the idiom, right before Reset. Silent.
func Rearm(t *time.Timer, d time.Duration) {
	if !t.Stop() {
		<-t.C
	}
	t.Reset(d)
}
