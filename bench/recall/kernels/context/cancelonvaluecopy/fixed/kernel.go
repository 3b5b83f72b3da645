package cancelonvaluecopy

import (
	"context"
	"fmt"
	"sync"
	"time"
)

type Job struct {
	ID       string
	Interval time.Duration
	Payload  string
}

// JobDispatcher creates a child job for each launch; raftDispatcher and recordingDispatcher
// implement it.
type JobDispatcher interface {
	Dispatch(parent *Job, launch time.Time) (string, error)
}

type raftDispatcher struct {
	mu    sync.Mutex
	index uint64
}

func (d *raftDispatcher) Dispatch(parent *Job, launch time.Time) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.index++
	return fmt.Sprintf("%s/periodic-%d", parent.ID, launch.Unix()), nil
}

type recordingDispatcher struct {
	mu       sync.Mutex
	children []string
}

func (d *recordingDispatcher) Dispatch(parent *Job, launch time.Time) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	id := fmt.Sprintf("%s/periodic-%d", parent.ID, len(d.children))
	d.children = append(d.children, id)
	return id, nil
}

// tracked is what the dispatcher keeps per periodic job.
type tracked struct {
	job      *Job
	cancel   context.CancelFunc
	launches int
	added    time.Time
}

// PeriodicDispatch launches periodic jobs on their interval while this server is the leader.
type PeriodicDispatch struct {
	mu         sync.Mutex
	tracked    map[string]tracked
	dispatcher JobDispatcher
	logf       func(string, ...interface{})
}

func NewPeriodicDispatch(d JobDispatcher) *PeriodicDispatch {
	return &PeriodicDispatch{tracked: map[string]tracked{}, dispatcher: d, logf: func(string, ...interface{}) {}}
}

func (p *PeriodicDispatch) Add(job *Job) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tracked[job.ID] = tracked{job: job, added: time.Now()}
}

// Start begins launching the job; Remove stops it.
func (p *PeriodicDispatch) Start(id string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	t, ok := p.tracked[id]
	if !ok {
		return fmt.Errorf("job %q not tracked", id)
	}
	if t.cancel != nil {
		return nil
	}
	var ctx context.Context
	ctx, t.cancel = context.WithCancel(context.Background())
	p.tracked[id] = t
	go p.run(ctx, t.job)
	return nil
}

func (p *PeriodicDispatch) run(ctx context.Context, job *Job) {
	ticker := time.NewTicker(job.Interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-ticker.C:
			child, err := p.dispatcher.Dispatch(job, now)
			if err != nil {
				p.logf("periodic %s: %v", job.ID, err)
				continue
			}
			p.logf("periodic %s: launched %s", job.ID, child)
		}
	}
}

func (p *PeriodicDispatch) Remove(id string) {
	p.mu.Lock()
	t, ok := p.tracked[id]
	delete(p.tracked, id)
	p.mu.Unlock()
	if ok && t.cancel != nil {
		t.cancel()
	}
}
