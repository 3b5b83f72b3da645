package semaphore

import "errors"

func get(url string) ([]byte, error) {
	if url == "" {
		return nil, errors.New("empty url")
	}
	return []byte(url), nil
}

// A fetcher limiting concurrent requests with a channel semaphore: the error return keeps its slot.
type Fetcher struct {
	sem chan struct{}
}

func NewFetcher(n int) *Fetcher { return &Fetcher{sem: make(chan struct{}, n)} }

func (f *Fetcher) Fetch(url string) ([]byte, error) {
	f.sem <- struct{}{} // want `this send takes a slot of the semaphore f.sem, which the function gives back with <-f.sem \(line \d+\), but the return at line \d+ is reached without giving it back`
	b, err := get(url)
	if err != nil {
		return nil, err
	}
	<-f.sem
	return b, nil
}

// A local token channel of one slot: the early return keeps the token.
func Serial(urls []string) (n int) {
	token := make(chan bool, 1)
	for _, u := range urls {
		token <- true // want `this send takes a slot of the semaphore token`
		if u == "stop" {
			return n
		}
		n++
		<-token
	}
	return n
}

// The fix: release with defer. Silent.
func (f *Fetcher) FetchFixed(url string) ([]byte, error) {
	f.sem <- struct{}{}
	defer func() { <-f.sem }()
	return get(url)
}

// The fix: release on every path. Silent.
func (f *Fetcher) FetchEveryPath(url string) ([]byte, error) {
	f.sem <- struct{}{}
	b, err := get(url)
	<-f.sem
	if err != nil {
		return nil, err
	}
	return b, nil
}

// The goroutine releases the slot it was given. Silent.
func (f *Fetcher) FetchAll(urls []string) {
	for _, u := range urls {
		f.sem <- struct{}{}
		go func(u string) {
			defer func() { <-f.sem }()
			get(u)
		}(u)
	}
}

// An acquire helper: its caller releases. Silent.
func (f *Fetcher) acquire() { f.sem <- struct{}{} }

func (f *Fetcher) release() { <-f.sem }

// A handshake on an unbuffered channel: a rendezvous, not a semaphore. Silent.
func Handshake(work func() error) error {
	ch := make(chan bool)
	go func() {
		<-ch
		ch <- true
	}()
	ch <- true
	if err := work(); err != nil {
		return err
	}
	<-ch
	return nil
}

// A receive before the send: the function answers a ping, it takes no slot. Silent.
func Pong(ch chan struct{}, stop func() bool) {
	<-ch
	ch <- struct{}{}
	if stop() {
		return
	}
}
