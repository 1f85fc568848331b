package payflex

import (
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
)

func TestNormalise(t *testing.T) {
	for code, want := range map[string]returncodes.Code{
		"0000": returncodes.Approved,
		"0051": returncodes.InsufficientFunds,
		"0005": returncodes.DoNotHonor,
		"0054": returncodes.ExpiredCard,
		"0041": returncodes.PickupLostStolen,
		"0043": returncodes.PickupLostStolen,
		"0312": returncodes.InvalidCVV,
		"1105": returncodes.AuthError,
		"9039": returncodes.AuthError,
		"5001": returncodes.AuthError,
		"6027": returncodes.AuthError,
		"1006": returncodes.DuplicateOrder,
		"1061": returncodes.DuplicateOrder,
		"0966": returncodes.DuplicateOrder,
		"0540": returncodes.NotFound,
		"0983": returncodes.NotFound,
		"9601": returncodes.NotFound,
		"1007": returncodes.NotFound,
		"1083": returncodes.InvalidTransactionState,
		"1059": returncodes.InvalidTransactionState,
		"0982": returncodes.InvalidTransactionState,
		"1046": returncodes.InvalidAmount,
		"0984": returncodes.InvalidAmount,
		"1115": returncodes.ThreeDSFailed,
		"1116": returncodes.ThreeDSFailed,
		"1117": returncodes.ThreeDSFailed,
		"1128": returncodes.ThreeDSFailed,
		"1096": returncodes.InvalidRequest,
		"1121": returncodes.InvalidRequest,
		"1127": returncodes.InvalidRequest,
		"4003": returncodes.InvalidRequest,
		"2202": returncodes.SystemError,
		"1001": returncodes.SystemError,
		"":     returncodes.TimeoutUnknown,
	} {
		if got, _ := normalise(code); got != want {
			t.Errorf("normalise(%q) = %s, want %s", code, got, want)
		}
	}
	if rc, known := normalise("8888"); known || rc != returncodes.DoNotHonor {
		t.Errorf("normalise(8888) = %s, %v, want unmapped DoNotHonor", rc, known)
	}
}

// TestErrorCodes checks the ErrorCode the Client derives for the codes
// the brief names.
func TestErrorCodes(t *testing.T) {
	for code, want := range map[string]vpos.ErrorCode{
		"1105": vpos.Auth, "1006": vpos.Duplicate, "1061": vpos.Duplicate, "0966": vpos.Duplicate,
		"0540": vpos.NotFound, "0983": vpos.NotFound, "9601": vpos.NotFound, "0051": vpos.Declined,
		"1001": vpos.Unavailable,
	} {
		rc, _ := normalise(code)
		if got := vpos.ErrorCodeFor(rc); got != want {
			t.Errorf("%s: ErrorCodeFor(%s) = %s, want %s", code, rc, got, want)
		}
	}
	for code := range resultCodes {
		if !resultCodes[code].Valid() {
			t.Errorf("resultCodes[%s] = %q is not a catalogue code", code, resultCodes[code])
		}
	}
}
