package storetest

import (
	"testing"

	"github.com/sanalpos/vpos"
)

func TestMemoryStore(t *testing.T) {
	Run(t, func(t *testing.T) vpos.Store { return vpos.NewMemoryStore() })
}

func BenchmarkMemoryStore(b *testing.B) {
	RunBenchmarks(b, func(b *testing.B) vpos.Store { return vpos.NewMemoryStore() })
}
