package hang

import "sync"

// Transfer locks the account and then waits for a worker that needs the same lock: a deadlock.
type Account struct {
	mu      sync.Mutex
	balance int
}

func (a *Account) Transfer(n int) {
	var wg sync.WaitGroup
	a.mu.Lock()
	defer a.mu.Unlock()
	wg.Add(1)
	go a.credit(n, &wg)
	wg.Wait()
}

func (a *Account) credit(n int, wg *sync.WaitGroup) {
	defer wg.Done()
	a.mu.Lock()
	a.balance += n
	a.mu.Unlock()
}
