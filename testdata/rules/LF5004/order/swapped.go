package order

import "sync"

type account struct {
	mu      sync.Mutex
	id      int
	balance int
}

// Locks the two accounts in the order of its arguments.
func transfer(from, to *account, n int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock() // want `transfer locks from.mu and then to.mu, two mutexes of one class \(account.mu\) taken in the order of its arguments, and the package calls it both ways round \(line 32 and line 33`
	defer to.mu.Unlock()
	from.balance -= n
	to.balance += n
}

// The method form: the receiver, then the argument.
func (a *account) mergeInto(b *account) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b.mu.Lock() // want `mergeInto locks a.mu and then b.mu`
	defer b.mu.Unlock()
	b.balance += a.balance
	a.balance = 0
}

func settle(a, b *account) {
	go transfer(a, b, 1)
	transfer(b, a, 1)
	go func() { a.mergeInto(b) }()
	b.mergeInto(a)
}

// Fixed: the two are locked by ID, whatever the argument order. Silent.
func transferOrdered(from, to *account, n int) {
	first, second := from, to
	if to.id < from.id {
		first, second = to, from
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	from.balance -= n
	to.balance += n
}

func settleOrdered(a, b *account) {
	go transferOrdered(a, b, 1)
	transferOrdered(b, a, 1)
}

// Called one way round only. Silent.
func payday(company, worker *account) {
	go transfer(company, worker, 10)
	transfer(company, worker, 10)
}

type ledger struct {
	mu      sync.Mutex
	entries int
}

// Both ways round, but one after the other in one goroutine: no two calls overlap. Silent.
func copyBoth(x, y *ledger) {
	copyEntries(x, y)
	copyEntries(y, x)
}

func copyEntries(src, dst *ledger) {
	src.mu.Lock()
	defer src.mu.Unlock()
	dst.mu.Lock()
	defer dst.mu.Unlock()
	dst.entries = src.entries
}
