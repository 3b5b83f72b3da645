package sendstwice

import (
	"context"
	"fmt"
)

type Layer struct {
	Digest string
	Size   int64
}

type Registry interface {
	Fetch(digest string) (Layer, error)
}

type pullResult struct {
	layers []Layer
	err    error
}

type Puller struct {
	reg      Registry
	progress func(string)
}

// The error path reports through a closure and breaks where it meant to return: it falls through to the final send.
func (p *Puller) pullAsync(digests []string) <-chan pullResult {
	out := make(chan pullResult)
	fail := func(err error) { out <- pullResult{err: err} }
	go func() {
		var layers []Layer
		for _, d := range digests {
			l, err := p.reg.Fetch(d)
			if err != nil {
				fail(fmt.Errorf("pulling %s: %w", d, err))
				break
			}
			p.progress("Pull complete " + d)
			layers = append(layers, l)
		}
		out <- pullResult{layers: layers}
	}()
	return out
}

func (p *Puller) Pull(digests []string) ([]Layer, error) {
	res := <-p.pullAsync(digests) // want `Pull takes one value from the channel pullAsync returns, but on some path the goroutine pullAsync starts \(line 31\) sends on it twice: after the send at line 36 it goes on to the send at line 42`
	return res.layers, res.err
}

// A plain send on the error path with no return after it, and a caller that keeps the channel in a local.
func verify(blobs map[string][]byte, want map[string]int) chan error {
	errc := make(chan error)
	go func() {
		for name, size := range want {
			if len(blobs[name]) != size {
				errc <- fmt.Errorf("%s: size %d, want %d", name, len(blobs[name]), size)
			}
		}
		errc <- nil
	}()
	return errc
}

func Verify(blobs map[string][]byte, want map[string]int) error {
	errc := verify(blobs, want) // want `Verify takes one value from the channel verify returns, but on some path the goroutine verify starts \(line 55\) sends on it twice`
	err := <-errc
	return err
}

// Fine: the error path returns; the channel has room for both sends; the two sends are on exclusive branches; the
// caller takes both values; the send selects on a context; the closure sends only sometimes.
func (p *Puller) pullAsyncFixed(digests []string) <-chan pullResult {
	out := make(chan pullResult)
	fail := func(err error) { out <- pullResult{err: err} }
	go func() {
		var layers []Layer
		for _, d := range digests {
			l, err := p.reg.Fetch(d)
			if err != nil {
				fail(err)
				return
			}
			layers = append(layers, l)
		}
		out <- pullResult{layers: layers}
	}()
	return out
}

func (p *Puller) PullFixed(digests []string) ([]Layer, error) {
	res := <-p.pullAsyncFixed(digests)
	return res.layers, res.err
}

func verifyBuffered(blobs map[string][]byte, want map[string]int) chan error {
	errc := make(chan error, 2)
	go func() {
		for name, size := range want {
			if len(blobs[name]) != size {
				errc <- fmt.Errorf("%s: bad size", name)
				break
			}
		}
		errc <- nil
	}()
	return errc
}

func VerifyBuffered(blobs map[string][]byte, want map[string]int) error {
	return <-verifyBuffered(blobs, want)
}

func check(ok bool) chan error {
	errc := make(chan error)
	go func() {
		if !ok {
			errc <- fmt.Errorf("not ok")
		} else {
			errc <- nil
		}
	}()
	return errc
}

func Check(ok bool) error { return <-check(ok) }

func stages(n int) chan string {
	out := make(chan string)
	go func() {
		out <- "started"
		if n > 0 {
			out <- "done"
		}
	}()
	return out
}

func Stages(n int) (string, string) {
	ch := stages(n)
	first := <-ch
	second := <-ch
	return first, second
}

func fetchCtx(ctx context.Context, reg Registry, d string) chan error {
	errc := make(chan error)
	go func() {
		if _, err := reg.Fetch(d); err != nil {
			select {
			case errc <- err:
			case <-ctx.Done():
			}
		}
		select {
		case errc <- nil:
		case <-ctx.Done():
		}
	}()
	return errc
}

func FetchCtx(ctx context.Context, reg Registry, d string) error { return <-fetchCtx(ctx, reg, d) }

func watch(reg Registry, d string) chan error {
	errc := make(chan error)
	finish := func(err error) { errc <- err }
	go func() {
		if _, err := reg.Fetch(d); err != nil {
			finish(err)
			return
		}
		finish(nil)
	}()
	return errc
}

func Watch(reg Registry, d string) error { return <-watch(reg, d) }

// The two sends test one unchanged error in opposite ways: no path takes both.
func probe(reg Registry, d string) chan error {
	errc := make(chan error)
	go func() {
		_, err := reg.Fetch(d)
		if err != nil {
			errc <- err
		}
		if err == nil {
			errc <- nil
		}
	}()
	return errc
}

func Probe(reg Registry, d string) error { return <-probe(reg, d) }
