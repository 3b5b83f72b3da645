package lockreturns

import (
	"errors"
	"log"
	"sync"
)

var errRetired = errors.New("stripe retired")

// A striped store whose lockAll takes every stripe in turn for a consistent snapshot, and unlockAll gives them back.
type stripe struct {
	mu      sync.Mutex
	retired bool
	items   map[string]int
}

type store struct {
	stripes []*stripe
	logf    func(string, ...interface{})
}

func newStore(n int) *store {
	s := &store{logf: log.Printf}
	for i := 0; i < n; i++ {
		s.stripes = append(s.stripes, &stripe{items: map[string]int{}})
	}
	return s
}

// A retired stripe fails the whole lock, keeping the stripes locked before it.
func (s *store) lockAll() error {
	for _, st := range s.stripes {
		st.mu.Lock() // want `lockAll locks st\.mu of each element in turn and, at line 36, returns an error with the ones it already took still locked; Snapshot takes the error for nothing to unlock and returns at line 51`
		if st.retired {
			return errRetired
		}
	}
	return nil
}

func (s *store) unlockAll() {
	for _, st := range s.stripes {
		st.mu.Unlock()
	}
}

func (s *store) Snapshot() (map[string]int, error) {
	if err := s.lockAll(); err != nil {
		s.logf("snapshot: %v", err)
		return nil, err
	}
	defer s.unlockAll()
	out := map[string]int{}
	for _, st := range s.stripes {
		for k, v := range st.items {
			out[k] = v
		}
	}
	return out, nil
}

func (s *store) Count() (int, error) {
	err := s.lockAll()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, st := range s.stripes {
		n += len(st.items)
	}
	s.unlockAll()
	return n, nil
}

// One mutex, kept by the error return of a helper that returns holding it on success.
type ledger struct {
	mu     sync.Mutex
	closed bool
	total  int
}

func (l *ledger) lockOpen() error {
	l.mu.Lock() // want `lockOpen locks l\.mu and, at line 86, returns an error with it still locked; Add takes the error for nothing to unlock and returns at line 93: the mutex stays locked`
	if l.closed {
		return errors.New("ledger closed")
	}
	return nil
}

func (l *ledger) Add(n int) error {
	if err := l.lockOpen(); err != nil {
		return err
	}
	defer l.mu.Unlock()
	l.total += n
	return nil
}

// The fixes: the helper gives back what it took before failing, itself or through a function of the package.
type fixedStore struct{ stripes []*stripe }

func (s *fixedStore) lockAll() error {
	for i, st := range s.stripes {
		st.mu.Lock()
		if st.retired {
			for _, held := range s.stripes[:i+1] {
				held.mu.Unlock()
			}
			return errRetired
		}
	}
	return nil
}

func (s *fixedStore) lockAllVia() error {
	for i, st := range s.stripes {
		st.mu.Lock()
		if st.retired {
			s.unlockFirst(i + 1)
			return errRetired
		}
	}
	return nil
}

func (s *fixedStore) unlockFirst(n int) {
	for _, st := range s.stripes[:n] {
		st.mu.Unlock()
	}
}

func (s *fixedStore) unlockAll() {
	for _, st := range s.stripes {
		st.mu.Unlock()
	}
}

func (s *fixedStore) Snapshot() (int, error) {
	if err := s.lockAll(); err != nil {
		return 0, err
	}
	defer s.unlockAll()
	return len(s.stripes), nil
}

func (s *fixedStore) SnapshotVia() (int, error) {
	if err := s.lockAllVia(); err != nil {
		return 0, err
	}
	defer s.unlockAll()
	return len(s.stripes), nil
}

func (l *ledger) lockOpenFixed() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return errors.New("ledger closed")
	}
	return nil
}

func (l *ledger) AddFixed(n int) error {
	if err := l.lockOpenFixed(); err != nil {
		return err
	}
	defer l.mu.Unlock()
	l.total += n
	return nil
}

// Callers that unlock after an error too: the helper's contract is theirs to keep, not a leak of the helper.
type pool struct{ stripes []*stripe }

func (p *pool) lockAll() error {
	for _, st := range p.stripes {
		st.mu.Lock()
		if st.retired {
			return errRetired
		}
	}
	return nil
}

func (p *pool) unlockTaken() {
	for _, st := range p.stripes {
		if !st.retired {
			st.mu.Unlock()
		}
	}
}

func (p *pool) Drain() error {
	if err := p.lockAll(); err != nil {
		p.unlockTaken()
		return err
	}
	defer p.unlockTaken()
	return nil
}

func (p *pool) Size() (int, error) {
	if err := p.lockAll(); err != nil {
		return 0, err
	}
	defer p.unlockTaken()
	return len(p.stripes), nil
}

// A lock-all without an error: nothing is returned half done.
func (p *pool) quiesce() {
	for _, st := range p.stripes {
		st.mu.Lock()
	}
}

func (p *pool) Pause() {
	p.quiesce()
}

// The failure comes before the first lock: nothing is held when it is returned.
type gate struct {
	stripes []*stripe
	closed  bool
}

func (g *gate) lockAll() error {
	if g.closed {
		return errors.New("closed")
	}
	for _, st := range g.stripes {
		st.mu.Lock()
	}
	return nil
}

func (g *gate) Sum() (int, error) {
	if err := g.lockAll(); err != nil {
		return 0, err
	}
	n := 0
	for _, st := range g.stripes {
		n += len(st.items)
		st.mu.Unlock()
	}
	return n, nil
}

// A helper also used as a value: who calls it, and how it treats the error, is unknown.
type bank struct{ stripes []*stripe }

func (b *bank) lockAll() error {
	for _, st := range b.stripes {
		st.mu.Lock()
		if st.retired {
			return errRetired
		}
	}
	return nil
}

func (b *bank) Audit(run func(func() error) error) error {
	if err := b.lockAll(); err != nil {
		return err
	}
	return run(b.lockAll)
}

// Its error is passed on: the caller's caller decides, unseen here.
type vault struct{ stripes []*stripe }

func (v *vault) lockAll() error {
	for _, st := range v.stripes {
		st.mu.Lock()
		if st.retired {
			return errRetired
		}
	}
	return nil
}

func (v *vault) Freeze() error {
	return v.lockAll()
}
