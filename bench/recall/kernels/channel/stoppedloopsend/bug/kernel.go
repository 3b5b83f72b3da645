package stoppedloopsend

type WorkQueue struct {
	addCh   chan string
	getCh   chan chan string
	stopCh  chan struct{}
	stopped chan struct{}
}

func NewWorkQueue() *WorkQueue {
	q := &WorkQueue{
		addCh:   make(chan string),
		getCh:   make(chan chan string),
		stopCh:  make(chan struct{}),
		stopped: make(chan struct{}),
	}
	go q.run()
	return q
}

func (q *WorkQueue) run() {
	defer close(q.stopped)
	var items []string
	for {
		select {
		case key := <-q.addCh:
			items = append(items, key)
		case reply := <-q.getCh:
			var key string
			if len(items) > 0 {
				key, items = items[0], items[1:]
			}
			reply <- key
		case <-q.stopCh:
			return
		}
	}
}

// Add queues a key; after Stop it is dropped.
func (q *WorkQueue) Add(key string) {
	q.addCh <- key
}

func (q *WorkQueue) Get() string {
	reply := make(chan string, 1)
	q.getCh <- reply
	return <-reply
}

func (q *WorkQueue) Stop() {
	close(q.stopCh)
	<-q.stopped
}
