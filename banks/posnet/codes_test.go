package posnet

import (
	"testing"

	"github.com/sanalpos/vpos/returncodes"
)

func TestNormalise(t *testing.T) {
	for _, tc := range []struct {
		approved, code string
		want           returncodes.Code
		mapped         bool
	}{
		{"1", "", returncodes.Approved, true},
		{"0", "0148", returncodes.AuthError, true},
		{"0", "0127", returncodes.DuplicateOrder, true},
		{"2", "0127", returncodes.DuplicateOrder, true},
		{"2", "", returncodes.DuplicateOrder, true},
		{"0", "0123", returncodes.NotFound, true},
		{"0", "E216", returncodes.AuthError, true},
		{"0", "e219", returncodes.NotFound, true},
		{"0", "0051", returncodes.InsufficientFunds, true},
		{"0", "0005", returncodes.DoNotHonor, true},
		{"0", "0041", returncodes.PickupLostStolen, true},
		{"0", "0043", returncodes.PickupLostStolen, true},
		{"0", "0054", returncodes.ExpiredCard, true},
		{"0", "0014", returncodes.InvalidCard, true},
		{"0", "0091", returncodes.IssuerUnavailable, true},
		{"0", "0000", returncodes.DoNotHonor, false},
		{"0", "ZZZZ", returncodes.DoNotHonor, false},
		{"0", "", returncodes.DoNotHonor, false},
		{"1", "0051", returncodes.InsufficientFunds, true},
	} {
		got, mapped := normalise(tc.approved, tc.code)
		if got != tc.want || mapped != tc.mapped {
			t.Errorf("normalise(%q, %q) = %s, %v; want %s, %v", tc.approved, tc.code, got, mapped, tc.want, tc.mapped)
		}
	}
}
