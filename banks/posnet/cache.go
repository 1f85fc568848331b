package posnet

import "sync"

// resolveCacheSize bounds the verified callbacks a Provider remembers.
const resolveCacheSize = 4096

// resolveCache remembers verified callbacks, so that a replayed delivery
// is not sent to the bank again, and lets concurrent deliveries of one
// callback share one oosResolveMerchantData. Failures are not remembered.
type resolveCache struct {
	mu     sync.Mutex
	max    int
	done   map[string]*verification
	order  []string
	flight map[string]*flight
}

type flight struct {
	wg  sync.WaitGroup
	v   *verification
	err error
}

func newResolveCache(max int) *resolveCache {
	return &resolveCache{max: max, done: map[string]*verification{}, flight: map[string]*flight{}}
}

// do returns the remembered verification of key, or runs fn once for all
// concurrent callers and remembers its success.
func (c *resolveCache) do(key string, fn func() (*verification, error)) (*verification, error) {
	c.mu.Lock()
	if v, ok := c.done[key]; ok {
		c.mu.Unlock()
		return v, nil
	}
	if f, ok := c.flight[key]; ok {
		c.mu.Unlock()
		f.wg.Wait()
		return f.v, f.err
	}
	f := &flight{}
	f.wg.Add(1)
	c.flight[key] = f
	c.mu.Unlock()

	f.v, f.err = fn()

	c.mu.Lock()
	delete(c.flight, key)
	if f.err == nil {
		if len(c.order) >= c.max {
			delete(c.done, c.order[0])
			c.order = c.order[1:]
		}
		c.done[key] = f.v
		c.order = append(c.order, key)
	}
	c.mu.Unlock()
	f.wg.Done()
	return f.v, f.err
}
