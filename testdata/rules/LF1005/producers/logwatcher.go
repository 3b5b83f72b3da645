package producers

import (
	"bufio"
	"context"
	"io"
	"sync"
)

type logMessage struct{ line []byte }

// A log watcher fed by a reader goroutine with no way out: the consumer leaves on ctx.Done() and only says so
// through consumerGone, which the reader never watches.
type logWatcher struct {
	msgs         chan *logMessage
	errs         chan error
	consumerOnce sync.Once
	consumerGone chan struct{}
}

func newLogWatcher() *logWatcher {
	return &logWatcher{msgs: make(chan *logMessage, 1), errs: make(chan error, 1), consumerGone: make(chan struct{})}
}

func (w *logWatcher) gone() { w.consumerOnce.Do(func() { close(w.consumerGone) }) }

func readLogs(r io.Reader, w *logWatcher) {
	defer close(w.msgs)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		w.msgs <- &logMessage{line: append([]byte(nil), sc.Bytes()...)} // want `readLogs runs as a goroutine and sends on w\.msgs with no way out: every receive of w\.msgs in the package is in a select that can leave instead .*once its buffer of 1 is full`
	}
	// The scanner's Err is no look at a stop.
	if err := sc.Err(); err != nil {
		w.errs <- err
	}
}

func containerLogs(ctx context.Context, r io.Reader, out func(*logMessage) error) error {
	w := newLogWatcher()
	go readLogs(r, w)
	defer w.gone()
	for {
		select {
		case err := <-w.errs:
			return err
		case m, ok := <-w.msgs:
			if !ok {
				return nil
			}
			if err := out(m); err != nil {
				return err
			}
		case <-ctx.Done():
			return nil
		}
	}
}

// Fixed: the reader selects on the consumer's leaving. Silent.
type fixedWatcher struct {
	msgs chan *logMessage
	gone chan struct{}
}

func readLogsFixed(r io.Reader, w *fixedWatcher) {
	defer close(w.msgs)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		select {
		case w.msgs <- &logMessage{line: sc.Bytes()}:
		case <-w.gone:
			return
		}
	}
}

func followFixed(ctx context.Context, r io.Reader) {
	w := &fixedWatcher{msgs: make(chan *logMessage, 1), gone: make(chan struct{})}
	go readLogsFixed(r, w)
	defer close(w.gone)
	for {
		select {
		case _, ok := <-w.msgs:
			if !ok {
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

// The consumer drains with range until the producer closes: it never leaves early. Silent.
type rangedFeed struct{ lines chan string }

func feedLines(r io.Reader, f *rangedFeed) {
	defer close(f.lines)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f.lines <- sc.Text()
	}
}

func collectLines(r io.Reader) []string {
	f := &rangedFeed{lines: make(chan string, 4)}
	go feedLines(r, f)
	var out []string
	for l := range f.lines {
		out = append(out, l)
	}
	return out
}

// One send into a buffer of one, not in a loop: it always fits. Silent.
type oneShot struct{ result chan error }

func runOnce(o *oneShot, work func() error) { o.result <- work() }

func waitOnce(ctx context.Context, work func() error) error {
	o := &oneShot{result: make(chan error, 1)}
	go runOnce(o, work)
	select {
	case err := <-o.result:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
