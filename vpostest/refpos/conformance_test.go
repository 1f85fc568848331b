package refpos_test

import (
	"testing"

	"github.com/sanalpos/vpos/vpostest"
	"github.com/sanalpos/vpos/vpostest/refpos"
)

// TestConformance runs the whole provider suite against the reference bank:
// every feature is declared, so nothing may skip.
func TestConformance(t *testing.T) {
	vpostest.RunProviderTests(t, refpos.NewHarness)
}
