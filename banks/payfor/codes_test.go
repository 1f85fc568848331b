package payfor

import (
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		code   string
		want   returncodes.Code
		mapped bool
	}{
		{"00", returncodes.Approved, true},
		// ISO 8583 host codes (payfor.md §7).
		{"05", returncodes.DoNotHonor, true},
		{"51", returncodes.InsufficientFunds, true},
		{"54", returncodes.ExpiredCard, true},
		{"57", returncodes.CardRestricted, true},
		{"12", returncodes.DoNotHonor, true}, // ISO table: invalid transaction
		{"96", returncodes.SystemError, true},
		{"34", returncodes.InvalidCVV, true}, // QNB: CVV2 wrong
		{" 51 ", returncodes.InsufficientFunds, true},
		// The table of payfor.md §7.
		{"V000", returncodes.TimeoutUnknown, true},
		{"V001", returncodes.AuthError, true},
		{"V004", returncodes.AuthError, true},
		{"V013", returncodes.NotFound, true},
		{"V014", returncodes.InvalidTransactionState, true},
		{"V015", returncodes.InvalidTransactionState, true},
		{"V017", returncodes.InvalidTransactionState, true},
		{"V025", returncodes.InvalidTransactionState, true},
		{"V026", returncodes.InvalidTransactionState, true},
		{"V029", returncodes.DuplicateOrder, true},
		{"V033", returncodes.ThreeDSFailed, true}, // never an approval
		{"V034", returncodes.ThreeDSFailed, true},
		{"V036", returncodes.SystemError, true},
		{"V037", returncodes.InvalidTransactionState, true},
		{"M002", returncodes.InvalidRequest, true},
		{"M004", returncodes.InvalidAmount, true},
		{"M008", returncodes.InvalidRequest, true},
		{"M012", returncodes.InvalidRequest, true},
		{"M019", returncodes.InvalidAmount, true},
		{"M025", returncodes.InvalidRequest, true},
		{"M027", returncodes.NotFound, true},
		{"M030", returncodes.AuthError, true},
		{"M041", returncodes.InvalidCard, true},
		{"M042", returncodes.MerchantConfigError, true},
		{"M047", returncodes.AuthError, true},
		{"M049", returncodes.AuthError, true},
		{"MR15", returncodes.ThreeDSFailed, true},
		{"V9196", returncodes.TimeoutUnknown, true},
		{"V9199", returncodes.TimeoutUnknown, true},
		// §12.2: duplicate order id on the gate.
		{"101310", returncodes.DuplicateOrder, true},
		// Ranges of returncodes.md §3.5.
		{"V045", returncodes.InvalidRequest, true},
		{"V060", returncodes.InvalidRequest, true},
		{"M018", returncodes.InvalidCVV, true},
		{"V027", returncodes.InvalidAmount, true},
		{"P002", returncodes.NotFound, true},
		// Unknown codes.
		{"M099", returncodes.InvalidRequest, false},
		{"P001", returncodes.InvalidRequest, false},
		{"V099", returncodes.DoNotHonor, false},
		{"XX", returncodes.DoNotHonor, false},
		{"999999", returncodes.DoNotHonor, false},
		{"", returncodes.TimeoutUnknown, false},
	}
	for _, tt := range tests {
		got, mapped := Normalize(tt.code)
		if got != tt.want || mapped != tt.mapped {
			t.Errorf("Normalize(%q) = %s, %v; want %s, %v", tt.code, got, mapped, tt.want, tt.mapped)
		}
	}
}

// TestEveryTableCodeIsValid checks that the table only names catalogue
// codes and never maps a PayFor code to Approved.
func TestEveryTableCodeIsValid(t *testing.T) {
	for raw, c := range procReturnCodes {
		if !c.Valid() {
			t.Errorf("%s maps to %q, not a catalogue code", raw, c)
		}
		if c == returncodes.Approved {
			t.Errorf("%s maps to Approved", raw)
		}
	}
}

// TestCodesDecideErrorKinds checks the error kinds the Client reports for
// the codes integrators act on.
func TestCodesDecideErrorKinds(t *testing.T) {
	for code, want := range map[string]vpos.ErrorCode{
		"V013": vpos.NotFound, "101310": vpos.Duplicate, "V004": vpos.Auth, "M047": vpos.Auth, "51": vpos.Declined,
		"V014": vpos.Declined, "V000": vpos.UnknownOutcome, "V036": vpos.Unavailable, "M008": vpos.InvalidRequest,
	} {
		rc, _ := Normalize(code)
		if got := vpos.ErrorCodeFor(rc); got != want {
			t.Errorf("%s: ErrorCodeFor(%s) = %s, want %s", code, rc, got, want)
		}
	}
}
