package garanti

import (
	"testing"

	"github.com/sanalpos/vpos/returncodes"
)

func TestNormalise(t *testing.T) {
	tests := []struct {
		code, reason, sysErr string
		want                 returncodes.Code
		mapped               bool
	}{
		{"00", "00", "", returncodes.Approved, true},
		// GVPS 92 through ReasonCode (returncodes.md §3.2).
		{"92", "0002", "CustomerIPAddress field must contain value because of the Mandatory Rule:null", returncodes.InvalidRequest, true},
		{"92", "0002", "TxnAmount field must not be zero DOUBLE value because of the Mandatory Rule:zero", returncodes.InvalidAmount, true},
		{"92", "0108", "ErrorId: 0108", returncodes.NotFound, true},
		{"92", "0110", "ErrorId: 0110", returncodes.NotFound, true},
		{"92", "0208", "ErrorId: 0208", returncodes.InvalidTransactionState, true},
		{"92", "0651", "", returncodes.AuthError, true},
		{"92", "0752", "", returncodes.AuthError, true},
		{"92", "9999", "", returncodes.InvalidRequest, false},
		{"92", "", "", returncodes.InvalidRequest, false},
		// Host codes.
		{"12", "12", "CVC2/4CSC HATALI", returncodes.InvalidCVV, true},
		{"12", "12", "", returncodes.DoNotHonor, true},
		{"05", "05", "RPC-05 condition was raised", returncodes.DoNotHonor, true},
		{"16", "16", "", returncodes.InsufficientFunds, true},
		{"51", "51", "", returncodes.InsufficientFunds, true},
		{"54", "54", "", returncodes.ExpiredCard, true},
		{"41", "41", "", returncodes.PickupLostStolen, true},
		{"43", "43", "", returncodes.PickupLostStolen, true},
		{"82", "82", "", returncodes.InvalidCVV, true},
		{"01", "01", "", returncodes.ReferToIssuer, true},
		{"57", "57", "", returncodes.CardRestricted, true},
		{"62", "62", "", returncodes.CardRestricted, true},
		{"96", "96", "", returncodes.SystemError, true},
		{"99", "99", "Sistem Hatasi", returncodes.SystemError, true},
		{"09", "09", "", returncodes.SystemError, true},
		{"28", "28", "", returncodes.SystemError, true},
		{"77", "77", "", returncodes.InvalidRequest, true},
		{"XY", "", "", returncodes.DoNotHonor, false},
		{"", "", "", returncodes.TimeoutUnknown, false},
	}
	for _, tt := range tests {
		got, mapped := normalise(tt.code, tt.reason, tt.sysErr)
		if got != tt.want || mapped != tt.mapped {
			t.Errorf("normalise(%q, %q, %q) = %q, %v; want %q, %v", tt.code, tt.reason, tt.sysErr, got, mapped, tt.want, tt.mapped)
		}
	}
}

func TestBankCodeAndMessage(t *testing.T) {
	codes := []struct{ code, reason, want string }{
		{"00", "00", "00"}, {"00", "", "00"}, {"51", "51", "51"}, {"92", "0002", "92/0002"}, {"00", "0000", "00/0000"},
	}
	for _, tt := range codes {
		if got := bankCode(tt.code, tt.reason); got != tt.want {
			t.Errorf("bankCode(%q, %q) = %q, want %q", tt.code, tt.reason, got, tt.want)
		}
	}
	msgs := []struct{ msg, errMsg, sysErr, want string }{
		{"Approved", "", "", "Approved"},
		{"Declined", "Tekrar deneyiniz", "CVC2/4CSC HATALI", "Tekrar deneyiniz (CVC2/4CSC HATALI)"},
		{"Declined", "İşlem bulunamadı", "", "İşlem bulunamadı"},
		{"Declined", "", "ErrorId: 0110", "ErrorId: 0110"},
	}
	for _, tt := range msgs {
		if got := bankMessage(tt.msg, tt.errMsg, tt.sysErr); got != tt.want {
			t.Errorf("bankMessage(%q, %q, %q) = %q, want %q", tt.msg, tt.errMsg, tt.sysErr, got, tt.want)
		}
	}
}
