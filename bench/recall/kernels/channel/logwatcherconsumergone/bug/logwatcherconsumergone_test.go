package logwatcherconsumergone

import (
	"bufio"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Message struct {
	Line      []byte
	Source    string
	Timestamp time.Time
}

// LogWatcher is used when consuming logs read from the LogReader interface.
type LogWatcher struct {
	Msg          chan *Message
	Err          chan error
	consumerOnce sync.Once
	consumerGone chan struct{}
}

func NewLogWatcher() *LogWatcher {
	return &LogWatcher{
		Msg:          make(chan *Message, 1),
		Err:          make(chan error, 1),
		consumerGone: make(chan struct{}),
	}
}

// ConsumerGone notifies that the logs consumer is gone.
func (w *LogWatcher) ConsumerGone() {
	w.consumerOnce.Do(func() { close(w.consumerGone) })
}

// WatchConsumerGone returns a channel receiver that receives notification when the consumer is gone.
func (w *LogWatcher) WatchConsumerGone() <-chan struct{} { return w.consumerGone }

// readLogs is the json-file driver's reader: it tails the file and feeds the watcher.
func readLogs(r io.Reader, watcher *LogWatcher) {
	defer close(watcher.Msg)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		msg := &Message{Line: append([]byte(nil), sc.Bytes()...), Source: "stdout", Timestamp: time.Now()}
		watcher.Msg <- msg
	}
	if err := sc.Err(); err != nil {
		watcher.Err <- err
	}
}

// ContainerLogs copies log lines to the client until it disconnects (ctx done).
func ContainerLogs(ctx context.Context, r io.Reader, out func(*Message) error) error {
	watcher := NewLogWatcher()
	go readLogs(r, watcher)
	defer watcher.ConsumerGone()

	for {
		select {
		case err := <-watcher.Err:
			return err
		case msg, ok := <-watcher.Msg:
			if !ok {
				return nil
			}
			if err := out(msg); err != nil {
				return err
			}
		case <-ctx.Done():
			return nil
		}
	}
}

func TestClientDisconnectsMidStream(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		var lines []string
		for i := 0; i < 50; i++ {
			lines = append(lines, "GET /healthz 200")
		}
		ctx, cancel := context.WithCancel(context.Background())
		n := 0
		err := ContainerLogs(ctx, strings.NewReader(strings.Join(lines, "\n")), func(m *Message) error {
			n++
			if n == 3 {
				cancel() // client hung up
			}
			return nil
		})
		if err != nil {
			t.Errorf("logs: %v", err)
		}
	})
}
