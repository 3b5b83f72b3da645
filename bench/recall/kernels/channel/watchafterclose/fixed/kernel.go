package watchafterclose

type QueryResult struct {
	Index uint64
	Value []byte
}

type Watch struct {
	ch    chan QueryResult
	quit  chan struct{}
	query func(index uint64) QueryResult
}

func NewWatch(query func(uint64) QueryResult) *Watch {
	w := &Watch{ch: make(chan QueryResult), quit: make(chan struct{}), query: query}
	go w.run()
	return w
}

func (w *Watch) Results() <-chan QueryResult { return w.ch }

func (w *Watch) run() {
	var index uint64
	for {
		select {
		case <-w.quit:
			return
		default:
		}
		r := w.query(index) // a blocking query: returns when the index moves
		index = r.Index
		select {
		case w.ch <- r:
		case <-w.quit:
			return
		}
	}
}

func (w *Watch) Close() { close(w.quit) }
