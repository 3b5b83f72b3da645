package donenotclosed

import (
	"net/url"
	"time"
)

type ScrapeLoop struct {
	target   string
	interval time.Duration
	scrape   func(u *url.URL)
	stop     chan struct{}
	done     chan struct{}
}

func NewScrapeLoop(target string, interval time.Duration, scrape func(*url.URL)) *ScrapeLoop {
	return &ScrapeLoop{target: target, interval: interval, scrape: scrape,
		stop: make(chan struct{}), done: make(chan struct{})}
}

func (sl *ScrapeLoop) Run() {
	u, err := url.Parse(sl.target)
	if err != nil || u.Host == "" {
		return
	}
	tick := time.NewTicker(sl.interval)
	defer tick.Stop()
	for {
		select {
		case <-sl.stop:
			close(sl.done)
			return
		case <-tick.C:
			sl.scrape(u)
		}
	}
}

// Stop ends the loop and waits for it.
func (sl *ScrapeLoop) Stop() {
	close(sl.stop)
	<-sl.done
}
