package semaphore

// The fix: the base image is pulled before the slot is taken, so a puller never holds one slot while it waits for a
// second.
type fixedPuller struct {
	reg   registry
	slots chan struct{}
}

func newFixedPuller(reg registry, max int) *fixedPuller {
	return &fixedPuller{reg: reg, slots: make(chan struct{}, max)}
}

func (p *fixedPuller) Pull(ref string) error {
	m, err := p.manifest(ref)
	if err != nil {
		return err
	}
	if m.parent != "" {
		if err := p.Pull(m.parent); err != nil {
			return err
		}
	}
	p.slots <- struct{}{}
	defer func() { <-p.slots }()
	_, err = p.reg.Blob(m.ref)
	return err
}

func (p *fixedPuller) manifest(ref string) (manifest, error) {
	p.slots <- struct{}{}
	m, err := p.reg.Manifest(ref)
	<-p.slots
	return m, err
}

// A slot given back before the nested call: nothing is held across it.
type stepPuller struct {
	slots chan struct{}
	order []string
}

func newStepPuller(n int) *stepPuller { return &stepPuller{slots: make(chan struct{}, n)} }

func (p *stepPuller) Pull(ref string, parent string) {
	p.slots <- struct{}{}
	p.order = append(p.order, ref)
	<-p.slots
	if parent != "" {
		p.Pull(parent, "")
	}
}

// Another instance's semaphore: a child pool with its own slots.
type pool struct {
	slots chan struct{}
	child *pool
}

func newPool(n int) *pool { return &pool{slots: make(chan struct{}, n), child: &pool{slots: make(chan struct{}, n)}} }

func (p *pool) Run(depth int) {
	p.slots <- struct{}{}
	defer func() { <-p.slots }()
	if depth > 0 && p.child != nil {
		p.child.Run(depth - 1)
	}
}

// The nested work runs on its own goroutine: the holder does not wait for it.
type spawner struct {
	slots chan struct{}
}

func newSpawner(n int) *spawner { return &spawner{slots: make(chan struct{}, n)} }

func (s *spawner) Do(n int) {
	s.slots <- struct{}{}
	defer func() { <-s.slots }()
	if n > 0 {
		go s.Do(n - 1)
	}
}

// A buffered queue whose received values matter is no semaphore.
type queue struct {
	items chan int
	sum   int
}

func newQueue(n int) *queue { return &queue{items: make(chan int, n)} }

func (q *queue) Push(v int) {
	q.items <- v
	if v > 1 {
		q.Push(v - 1)
	}
}

func (q *queue) Drain() {
	for len(q.items) > 0 {
		q.sum += <-q.items
	}
}
