package watchreqafterexit

import (
	"context"
	"strings"
	"sync"
)

type WatchResponse struct {
	Events   []string
	Canceled bool
	closeErr error
}

func (wr *WatchResponse) Err() error { return wr.closeErr }

type WatchChan <-chan WatchResponse

// WatchClient is the gRPC Watch service; each Watch call opens a bidi stream.
type WatchClient interface {
	Watch(ctx context.Context) (WatchStream, error)
}

type WatchStream interface {
	Send(key string) error
}

type watchRequest struct {
	ctx  context.Context
	key  string
	retc chan chan WatchResponse
}

type watcher struct {
	remote  WatchClient
	mu      sync.Mutex
	streams map[string]*watchGrpcStream
}

type watchGrpcStream struct {
	owner      *watcher
	ctx        context.Context
	cancel     context.CancelFunc
	ctxKey     string
	substreams []chan WatchResponse
	reqc       chan *watchRequest
	errc       chan error
	donec      chan struct{}
	closeErr   error
}

func NewWatcher(remote WatchClient) *watcher {
	return &watcher{remote: remote, streams: map[string]*watchGrpcStream{}}
}

func (w *watcher) newWatcherGrpcStream(inctx context.Context, key string) *watchGrpcStream {
	ctx, cancel := context.WithCancel(context.Background())
	wgs := &watchGrpcStream{owner: w, ctx: ctx, cancel: cancel, ctxKey: key,
		reqc: make(chan *watchRequest), errc: make(chan error, 1), donec: make(chan struct{})}
	go wgs.run()
	return wgs
}

// Watch posts a watch request to run() and waits for a new watcher channel.
func (w *watcher) Watch(ctx context.Context, key string) WatchChan {
	wr := &watchRequest{ctx: ctx, key: key, retc: make(chan chan WatchResponse, 1)}
	ok := false
	ctxKey := "" // streamKeyFromCtx(ctx)

	w.mu.Lock()
	wgs := w.streams[ctxKey]
	if wgs == nil {
		wgs = w.newWatcherGrpcStream(ctx, ctxKey)
		w.streams[ctxKey] = wgs
	}
	reqc := wgs.reqc
	w.mu.Unlock()

	closeCh := make(chan WatchResponse, 1)
	select {
	case reqc <- wr:
		ok = true
	case <-wr.ctx.Done():
	}
	if ok {
		select {
		case ret := <-wr.retc:
			return ret
		case <-ctx.Done():
		}
	}
	close(closeCh)
	return closeCh
}

func (w *watcher) closeStream(wgs *watchGrpcStream) {
	w.mu.Lock()
	close(wgs.donec)
	wgs.cancel()
	delete(w.streams, wgs.ctxKey)
	w.mu.Unlock()
}

func isHaltErr(err error) bool {
	return strings.Contains(err.Error(), "permission denied") || strings.Contains(err.Error(), "context canceled")
}

// run is the root of the goroutines for managing a watcher client.
func (w *watchGrpcStream) run() {
	var closeErr error
	defer func() {
		w.closeErr = closeErr
		w.owner.closeStream(w)
	}()
	wc, err := w.owner.remote.Watch(w.ctx)
	if err != nil {
		closeErr = err
		return
	}
	for {
		select {
		case wr := <-w.reqc:
			outc := make(chan WatchResponse, 16)
			w.substreams = append(w.substreams, outc)
			wr.retc <- outc
			wc.Send(wr.key)
		case err := <-w.errc:
			// The stream broke: reconnect unless the error is final.
			if isHaltErr(err) {
				closeErr = err
				return
			}
			if wc, closeErr = w.owner.remote.Watch(w.ctx); closeErr != nil {
				return
			}
		case <-w.ctx.Done():
			return
		}
	}
}
