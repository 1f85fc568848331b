package main

import (
	"context"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/store/sqlite"
)

// openStore opens the SQLite store the CLI records into.
func openStore(ctx context.Context, path string) (vpos.Store, func(), error) {
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	return s, func() { s.Close() }, nil
}
