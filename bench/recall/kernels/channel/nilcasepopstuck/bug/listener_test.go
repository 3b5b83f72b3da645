package nilcasepopstuck

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type addNotification struct{ newObj interface{} }
type updateNotification struct{ oldObj, newObj interface{} }
type deleteNotification struct{ oldObj interface{} }

// ResourceEventHandler receives an informer's notifications; FuncsHandler and countingHandler
// implement it.
type ResourceEventHandler interface {
	OnAdd(obj interface{})
	OnUpdate(oldObj, newObj interface{})
	OnDelete(obj interface{})
}

type FuncsHandler struct {
	AddFunc    func(obj interface{})
	UpdateFunc func(oldObj, newObj interface{})
	DeleteFunc func(obj interface{})
}

func (f FuncsHandler) OnAdd(obj interface{}) {
	if f.AddFunc != nil {
		f.AddFunc(obj)
	}
}
func (f FuncsHandler) OnUpdate(o, n interface{}) {
	if f.UpdateFunc != nil {
		f.UpdateFunc(o, n)
	}
}
func (f FuncsHandler) OnDelete(obj interface{}) {
	if f.DeleteFunc != nil {
		f.DeleteFunc(obj)
	}
}

type countingHandler struct {
	mu                  sync.Mutex
	adds, updates, dels int
}

func (h *countingHandler) OnAdd(interface{})                 { h.mu.Lock(); h.adds++; h.mu.Unlock() }
func (h *countingHandler) OnUpdate(interface{}, interface{}) { h.mu.Lock(); h.updates++; h.mu.Unlock() }
func (h *countingHandler) OnDelete(interface{})              { h.mu.Lock(); h.dels++; h.mu.Unlock() }

// processorListener buffers notifications without bound between the informer and a slow handler.
type processorListener struct {
	addCh   chan interface{}
	nextCh  chan interface{}
	pending []interface{}
	handler ResourceEventHandler
}

func newProcessListener(h ResourceEventHandler) *processorListener {
	return &processorListener{addCh: make(chan interface{}), nextCh: make(chan interface{}), handler: h}
}

func (p *processorListener) add(n interface{}) { p.addCh <- n }

// pop moves notifications from addCh to nextCh, keeping the backlog in pending; once addCh is
// closed it delivers the backlog, then closes nextCh.
func (p *processorListener) pop() {
	defer close(p.nextCh)
	var nextCh chan<- interface{}
	var notification interface{}
	addCh := p.addCh
	for {
		select {
		case nextCh <- notification:
			if len(p.pending) > 0 {
				notification, p.pending = p.pending[0], p.pending[1:]
			} else {
				notification, nextCh = nil, nil
			}
		case n, ok := <-addCh:
			if !ok {
				addCh = nil
				continue
			}
			if notification == nil {
				notification, nextCh = n, p.nextCh
			} else {
				p.pending = append(p.pending, n)
			}
		}
	}
}

func (p *processorListener) run() {
	for next := range p.nextCh {
		switch n := next.(type) {
		case addNotification:
			p.handler.OnAdd(n.newObj)
		case updateNotification:
			p.handler.OnUpdate(n.oldObj, n.newObj)
		case deleteNotification:
			p.handler.OnDelete(n.oldObj)
		}
	}
}

// sharedProcessor fans notifications out to its listeners.
type sharedProcessor struct {
	listeners []*processorListener
	wg        sync.WaitGroup
}

func (p *sharedProcessor) addListener(l *processorListener) {
	p.listeners = append(p.listeners, l)
	p.wg.Add(2)
	go func() { defer p.wg.Done(); l.run() }()
	go func() { defer p.wg.Done(); l.pop() }()
}

func (p *sharedProcessor) distribute(n interface{}) {
	for _, l := range p.listeners {
		l.add(n)
	}
}

// stop closes every listener's input and waits until they have delivered their backlog.
func (p *sharedProcessor) stop() {
	for _, l := range p.listeners {
		close(l.addCh)
	}
	p.wg.Wait()
}

func TestInformerStops(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		h := &countingHandler{}
		var p sharedProcessor
		p.addListener(newProcessListener(h))
		p.addListener(newProcessListener(FuncsHandler{AddFunc: func(interface{}) {}}))
		p.distribute(addNotification{newObj: "pod/a"})
		p.distribute(updateNotification{oldObj: "pod/a", newObj: "pod/a'"})
		p.distribute(deleteNotification{oldObj: "pod/a'"})
		p.stop()
	})
}
