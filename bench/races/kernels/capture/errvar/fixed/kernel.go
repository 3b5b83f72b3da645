package errvar

import "sync"

// Broadcast sends a message to every member of a cluster at once and returns one of the errors, as a
// membership change is announced to all peers.
func Broadcast(members []string, send func(member string) error) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var err error
	for _, m := range members {
		wg.Add(1)
		go func(m string) {
			defer wg.Done()
			if e := send(m); e != nil {
				mu.Lock()
				err = e
				mu.Unlock()
			}
		}(m)
	}
	wg.Wait()
	return err
}
