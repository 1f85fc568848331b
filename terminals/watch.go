package terminals

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"time"
)

// DefaultWatchInterval is the polling interval Watch uses when given none.
const DefaultWatchInterval = 2 * time.Second

// Watch polls the definitions file every interval (DefaultWatchInterval
// when not positive) until ctx is done, and reloads it when its content
// changes: it reads the file and compares its SHA-256 with the loaded
// set's, so a touch without a change, or a rewrite with the same content,
// reloads nothing. Each reload's outcome goes to Options.OnReload and to
// Base.Logger; a refused file is reported once (until its content changes
// again) and the old set stays. A file that cannot be read is reported
// once too, and watched on. Environment variables are read again on each
// reload; a change of a variable alone needs an explicit Reload.
//
// Watch blocks; run it in its own goroutine. It returns ctx.Err(), or
// ErrNoFile for a Registry built from Go values.
func (r *Registry) Watch(ctx context.Context, interval time.Duration) error {
	if r.path == "" {
		return ErrNoFile
	}
	if interval <= 0 {
		interval = DefaultWatchInterval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	var refused [sha256.Size]byte // content last refused
	var readErr string            // read error last reported
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		changed, sum, err := r.reloadIfChanged(refused)
		if err != nil && sum == ([sha256.Size]byte{}) {
			// The file could not be read: report it once.
			if err.Error() != readErr {
				readErr = err.Error()
				r.report(err)
			}
			continue
		}
		readErr = ""
		switch {
		case err != nil:
			refused = sum
			r.report(err)
		case changed:
			refused = [sha256.Size]byte{}
			r.report(nil)
		}
	}
}

// reloadIfChanged reads the file and loads it unless its content is the
// loaded set's or the one last refused. It returns whether it loaded, the
// content's hash (zero when the file could not be read) and the error.
func (r *Registry) reloadIfChanged(refused [sha256.Size]byte) (bool, [sha256.Size]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	data, err := os.ReadFile(r.path)
	if err != nil {
		return false, [sha256.Size]byte{}, fmt.Errorf("terminals: read definitions: %w", err)
	}
	sum := sha256.Sum256(data)
	if sum == r.cur.Load().sum || sum == refused {
		return false, sum, nil
	}
	if err := r.load(data); err != nil {
		return false, sum, err
	}
	return true, sum, nil
}
