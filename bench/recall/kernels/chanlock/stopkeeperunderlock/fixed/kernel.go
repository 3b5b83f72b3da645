package stopkeeperunderlock

import (
	"sync"
	"time"
)

type keeper struct {
	stopc  chan struct{}
	donec  chan struct{}
	expire func(string)
	ttl    map[string]time.Time
	mu     sync.Mutex
}

func (k *keeper) run() {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	defer close(k.donec)
	for {
		select {
		case <-t.C:
			k.mu.Lock()
			var expired []string
			for tok, at := range k.ttl {
				if time.Now().After(at) {
					expired = append(expired, tok)
					delete(k.ttl, tok)
				}
			}
			k.mu.Unlock()
			for _, tok := range expired {
				k.expire(tok)
			}
		case <-k.stopc:
			return
		}
	}
}

func (k *keeper) add(tok string, ttl time.Duration) {
	k.mu.Lock()
	k.ttl[tok] = time.Now().Add(ttl)
	k.mu.Unlock()
}

func (k *keeper) stop() {
	close(k.stopc)
	<-k.donec
}

// testHookDisabling runs while disable holds the store's lock (a test forces the keeper's tick there).
var testHookDisabling = func() {}

type AuthStore struct {
	mu     sync.Mutex
	tokens map[string]string
	keeper *keeper
}

func NewAuthStore() *AuthStore { return &AuthStore{tokens: map[string]string{}} }

func (as *AuthStore) deleteToken(tok string) {
	as.mu.Lock()
	delete(as.tokens, tok)
	as.mu.Unlock()
}

func (as *AuthStore) Enable() {
	as.keeper = &keeper{stopc: make(chan struct{}), donec: make(chan struct{}), expire: as.deleteToken, ttl: map[string]time.Time{}}
	go as.keeper.run()
}

func (as *AuthStore) Assign(tok, user string, ttl time.Duration) {
	as.mu.Lock()
	as.tokens[tok] = user
	as.mu.Unlock()
	as.keeper.add(tok, ttl)
}

func (as *AuthStore) Disable() {
	as.mu.Lock()
	k := as.keeper
	testHookDisabling()
	as.mu.Unlock()
	k.stop()
	as.mu.Lock()
	as.tokens = map[string]string{}
	as.mu.Unlock()
}
