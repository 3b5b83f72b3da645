package order

import "sync"

// A per-URL lock table: URLLock hands the caller the URL's mutex, URLUnlock takes it back. URLLock waits for
// the URL's mutex while it holds the table's lock, and the goroutine holding the URL's mutex needs the table's
// read lock to give it back: once two goroutines fetch the same URL, neither can go on.
type urlLocks struct {
	sync.RWMutex
	m map[string]*sync.Mutex
}

func (l *urlLocks) URLLock(url string) {
	l.Lock()
	if _, ok := l.m[url]; !ok {
		l.m[url] = &sync.Mutex{}
	}
	l.m[url].Lock() // want `lock-order inversion: URLLock takes l.m\[url\] \(urlLocks.m\[\]\) while holding l.RWMutex .* URLUnlock takes urlLocks.RWMutex while l.m\[url\] \(urlLocks.m\[\]\) is held by its caller`
	l.Unlock()
}

func (l *urlLocks) URLUnlock(url string) {
	l.RLock()
	defer l.RUnlock()
	if um, ok := l.m[url]; ok {
		um.Unlock()
	}
}

// The fix: take the URL's mutex out of the table under the lock, and wait for it after releasing the table.
type fixedURLLocks struct {
	sync.RWMutex
	m map[string]*sync.Mutex
}

func (l *fixedURLLocks) URLLock(url string) {
	l.Lock()
	lock, ok := l.m[url]
	if !ok {
		lock = &sync.Mutex{}
		l.m[url] = lock
	}
	l.Unlock()
	lock.Lock()
}

func (l *fixedURLLocks) URLUnlock(url string) {
	l.RLock()
	um, ok := l.m[url]
	l.RUnlock()
	if ok {
		um.Unlock()
	}
}

// Also fine: the table's lock is only ever held briefly, never while waiting for an element, so holding an
// element while taking the table's lock is one order only.
type shardTable struct {
	mu     sync.Mutex
	shards []*sync.Mutex
	owners map[int]string
}

func (t *shardTable) Acquire(i int, who string) {
	t.shards[i].Lock()
	t.mu.Lock()
	t.owners[i] = who
	t.mu.Unlock()
}

func (t *shardTable) Release(i int) {
	t.mu.Lock()
	delete(t.owners, i)
	t.mu.Unlock()
	t.shards[i].Unlock()
}

// Locking every shard in a loop and releasing them in another is not a re-lock: each iteration's index names
// another element.
func (t *shardTable) LockAll() {
	for i := range t.shards {
		t.shards[i].Lock()
	}
}

func (t *shardTable) UnlockAll() {
	for i := range t.shards {
		t.shards[i].Unlock()
	}
}

// An unlock helper entered with the connection's lock held that takes the pool's lock first: the pool's lock
// is taken while a connection's is held, in this order only.
type pool struct {
	mu   sync.Mutex
	idle []*conn
}

type conn struct {
	mu sync.Mutex
}

func (p *pool) put(c *conn) {
	p.mu.Lock()
	p.idle = append(p.idle, c)
	c.mu.Unlock()
	p.mu.Unlock()
}

func (p *pool) get() *conn {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.idle) == 0 {
		return nil
	}
	c := p.idle[len(p.idle)-1]
	p.idle = p.idle[:len(p.idle)-1]
	return c
}

func (p *pool) use() {
	c := p.get()
	if c == nil {
		return
	}
	c.mu.Lock()
	p.put(c)
}

// The same with the get-or-create idiom: l is the table's element whichever branch made it.
type dirLocks struct {
	mu    sync.RWMutex
	locks map[string]*sync.Mutex
}

func (d *dirLocks) lockDir(dir string) {
	d.mu.Lock()
	l, ok := d.locks[dir]
	if !ok {
		l = new(sync.Mutex)
		d.locks[dir] = l
	}
	l.Lock() // want `lock-order inversion: lockDir takes d.locks\[dir\] \(dirLocks.locks\[\]\) while holding d.mu`
	d.mu.Unlock()
}

func (d *dirLocks) unlockDir(dir string) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	d.locks[dir].Unlock()
}

// A fresh mutex that is not stored back is not the element: not followed.
type scratchLocks struct {
	mu    sync.RWMutex
	locks map[string]*sync.Mutex
}

func (d *scratchLocks) lockDir(dir string) {
	d.mu.Lock()
	l, ok := d.locks[dir]
	if !ok {
		l = new(sync.Mutex)
	}
	l.Lock()
	d.mu.Unlock()
}

func (d *scratchLocks) unlockDir(dir string) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	d.locks[dir].Unlock()
}
