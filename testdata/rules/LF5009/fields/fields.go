package fields

import "sync"

// A fetcher fans out one goroutine per URL and collects their results from a field channel.
type Fetcher struct {
	wg  sync.WaitGroup
	out chan string
	got []string
}

func (f *Fetcher) fetch(u string) {
	defer f.wg.Done()
	f.out <- u
}

func (f *Fetcher) FetchAll(urls []string) []string {
	f.out = make(chan string)
	for _, u := range urls {
		f.wg.Add(1)
		go f.fetch(u)
	}
	f.wg.Wait() // want `FetchAll waits for its goroutines \(f.wg.Wait\) before it receives from f.out, but they send on unbuffered f.out before f.wg.Done`
	close(f.out)
	for s := range f.out {
		f.got = append(f.got, s)
	}
	return f.got
}

// The same with literals.
type prober struct {
	wg      sync.WaitGroup
	results chan error
}

func check(target string) error { return nil }

func (p *prober) ProbeAll(targets []string) []error {
	p.results = make(chan error)
	for _, t := range targets {
		p.wg.Add(1)
		go func(t string) {
			p.results <- check(t)
			p.wg.Done()
		}(t)
	}
	p.wg.Wait() // want `ProbeAll waits for its goroutines \(p.wg.Wait\) before it receives from p.results`
	close(p.results)
	var errs []error
	for err := range p.results {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// Fixed: Wait and close in a goroutine of their own, receive meanwhile. Silent.
type fixedFetcher struct {
	wg  sync.WaitGroup
	out chan string
}

func (f *fixedFetcher) fetch(u string) {
	defer f.wg.Done()
	f.out <- u
}

func (f *fixedFetcher) FetchAll(urls []string) []string {
	f.out = make(chan string)
	for _, u := range urls {
		f.wg.Add(1)
		go f.fetch(u)
	}
	go func() {
		f.wg.Wait()
		close(f.out)
	}()
	var got []string
	for s := range f.out {
		got = append(got, s)
	}
	return got
}

// Room for every sender. Silent.
type bufferedFetcher struct {
	wg  sync.WaitGroup
	out chan string
}

func (f *bufferedFetcher) fetch(u string) {
	defer f.wg.Done()
	f.out <- u
}

func (f *bufferedFetcher) FetchAll(urls []string) []string {
	f.out = make(chan string, len(urls))
	for _, u := range urls {
		f.wg.Add(1)
		go f.fetch(u)
	}
	f.wg.Wait()
	close(f.out)
	var got []string
	for s := range f.out {
		got = append(got, s)
	}
	return got
}

// Another method collects while they run. Silent.
type collected struct {
	wg   sync.WaitGroup
	out  chan string
	seen []string
	done chan struct{}
}

func (c *collected) fetch(u string) {
	defer c.wg.Done()
	c.out <- u
}

func (c *collected) collect() {
	for s := range c.out {
		c.seen = append(c.seen, s)
	}
	close(c.done)
}

func (c *collected) FetchAll(urls []string) {
	c.out = make(chan string)
	c.done = make(chan struct{})
	go c.collect()
	for _, u := range urls {
		c.wg.Add(1)
		go c.fetch(u)
	}
	c.wg.Wait()
	close(c.out)
	<-c.done
}

// Done before the send: the Wait does not wait for the send. Silent here (a send after Done is another matter).
type doneFirst struct {
	wg  sync.WaitGroup
	out chan string
}

func (d *doneFirst) fetch(u string) {
	d.wg.Done()
	d.out <- u
}

func (d *doneFirst) FetchAll(urls []string) {
	d.out = make(chan string)
	for _, u := range urls {
		d.wg.Add(1)
		go d.fetch(u)
	}
	d.wg.Wait()
	for range urls {
		<-d.out
	}
}

// The channel is handed out: its reader may be anywhere. Silent.
type handed struct {
	wg  sync.WaitGroup
	out chan string
}

func (h *handed) Results() <-chan string { return h.out }

func (h *handed) fetch(u string) {
	defer h.wg.Done()
	h.out <- u
}

func (h *handed) FetchAll(urls []string) {
	h.out = make(chan string)
	for _, u := range urls {
		h.wg.Add(1)
		go h.fetch(u)
	}
	h.wg.Wait()
	close(h.out)
	for range h.out {
	}
}
