package main

import (
	"context"

	"github.com/sanalpos/vpos"
)

// openStore opens the demo's store. Until the SQLite store lands it is the
// memory store.
func openStore(ctx context.Context, path string) (vpos.Store, func(), error) {
	return vpos.NewMemoryStore(), func() {}, nil
}
