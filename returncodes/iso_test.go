package returncodes

import "testing"

// wantISO is returncodes.md §2, written out independently of iso.go: raw
// code -> normalised code (whose category the package doc assigns).
var wantISO = map[string]Code{
	"00": Approved,
	"01": ReferToIssuer, "02": ReferToIssuer, "08": ReferToIssuer,
	"10": ReferToIssuer, "11": ReferToIssuer, "32": ReferToIssuer,
	"03": AuthError,
	"04": PickupLostStolen, "07": PickupLostStolen, "36": PickupLostStolen,
	"37": PickupLostStolen, "38": PickupLostStolen, "41": PickupLostStolen,
	"43": PickupLostStolen,
	"05": DoNotHonor, "12": DoNotHonor, "21": DoNotHonor, "55": DoNotHonor,
	"75": DoNotHonor, "85": DoNotHonor, "89": DoNotHonor,
	"06": SystemError, "09": SystemError, "19": SystemError, "28": SystemError,
	"76": SystemError, "81": SystemError, "83": SystemError, "95": SystemError,
	"96": SystemError, "99": SystemError,
	"13": InvalidAmount,
	"14": InvalidCard, "15": InvalidCard, "46": InvalidCard, "52": InvalidCard,
	"53": InvalidCard, "56": InvalidCard, "80": InvalidCard,
	"25": NotFound, "29": NotFound,
	"30": InvalidRequest, "77": InvalidRequest,
	"33": ExpiredCard, "54": ExpiredCard,
	"34": FraudSuspected, "59": FraudSuspected, "63": FraudSuspected,
	"51": InsufficientFunds,
	"57": CardRestricted, "62": CardRestricted, "78": CardRestricted,
	"93": CardRestricted, "R0": CardRestricted, "R1": CardRestricted,
	"R3": CardRestricted,
	"58": MerchantConfigError,
	"61": LimitExceeded, "65": LimitExceeded,
	"82": InvalidCVV, "N7": InvalidCVV,
	"91": IssuerUnavailable,
	"92": TimeoutUnknown, // per-bank; safest default, see doc.go
	"98": InvalidTransactionState,
	"1A": ThreeDSFailed,
}

// wantFlags lists the pickup/fraud column of returncodes.md §2.
var wantFlags = map[string]struct{ pickup, fraud bool }{
	"04": {true, false},
	"07": {true, true},
	"34": {false, true},
	"36": {true, false},
	"37": {true, true},
	"38": {true, false},
	"41": {true, false},
	"43": {true, true},
	"59": {false, true},
	"63": {false, true},
}

func TestISOTableComplete(t *testing.T) {
	if got, want := len(isoTable), len(wantISO); got != want {
		t.Errorf("len(isoTable) = %d, want %d", got, want)
	}
	seen := map[string]bool{}
	for _, e := range isoTable {
		if seen[e.Raw] {
			t.Errorf("ISO row %q declared twice", e.Raw)
		}
		seen[e.Raw] = true
		if _, ok := wantISO[e.Raw]; !ok {
			t.Errorf("ISO row %q is not in returncodes.md §2", e.Raw)
		}
	}
	for raw := range wantISO {
		if !seen[raw] {
			t.Errorf("ISO row %q of returncodes.md §2 is missing", raw)
		}
	}
}

func TestISOCategories(t *testing.T) {
	for raw, want := range wantISO {
		e, ok := ISO(raw)
		if !ok {
			t.Errorf("ISO(%q) not found", raw)
			continue
		}
		if e.Code != want {
			t.Errorf("ISO(%q).Code = %q, want %q", raw, e.Code, want)
		}
		if got, wantCat := e.Code.Category(), wantCategory[want]; got != wantCat {
			t.Errorf("ISO(%q) category = %q, want %q", raw, got, wantCat)
		}
		if e.Raw != raw {
			t.Errorf("ISO(%q).Raw = %q, want %q", raw, e.Raw, raw)
		}
		if e.Meaning == "" || e.EN == "" || e.TR == "" {
			t.Errorf("ISO(%q) has empty Meaning/EN/TR: %+v", raw, e)
		}
		if e.EN == e.TR {
			t.Errorf("ISO(%q): TR text equals EN %q", raw, e.EN)
		}
	}
}

func TestISOFlags(t *testing.T) {
	for _, e := range isoTable {
		want := wantFlags[e.Raw]
		if e.Pickup != want.pickup || e.Fraud != want.fraud {
			t.Errorf("ISO(%q) Pickup, Fraud = %v, %v, want %v, %v", e.Raw, e.Pickup, e.Fraud, want.pickup, want.fraud)
		}
		// Flags agree with the Code's flag semantics.
		if got, want := e.Pickup, e.Code.Pickup(); got != want {
			t.Errorf("ISO(%q).Pickup = %v, want %v (Code %s)", e.Raw, got, want, e.Code)
		}
		if e.Code.Fraud() && !e.Fraud {
			t.Errorf("ISO(%q).Fraud = false, want true for Code %s", e.Raw, e.Code)
		}
		if e.Fraud && e.Code.Category() != CategoryFraud {
			t.Errorf("ISO(%q) is fraud but Code %s has category %q", e.Raw, e.Code, e.Code.Category())
		}
	}
}

func TestISOFlaggedRowsShowGenericText(t *testing.T) {
	for _, e := range isoTable {
		if !e.Pickup && !e.Fraud && e.Code.Category() != CategoryFraud {
			continue
		}
		if e.EN != genericDeclineEN {
			t.Errorf("ISO(%q).EN = %q, want %q", e.Raw, e.EN, genericDeclineEN)
		}
		if e.TR != genericDeclineTR {
			t.Errorf("ISO(%q).TR = %q, want %q", e.Raw, e.TR, genericDeclineTR)
		}
	}
}

func TestISONormalisation(t *testing.T) {
	tests := []struct {
		raw     string
		wantRaw string // "" = not found
	}{
		{"05", "05"},
		{"0005", "05"},
		{"0000", "00"},
		{"0051", "51"},
		{"0099", "99"},
		{" 05 ", "05"},
		{"\t0041\n", "41"},
		{"n7", "N7"},
		{"N7", "N7"},
		{"1a", "1A"},
		{"r0", "R0"},
		{"5", ""},
		{"005", ""},
		{"00005", ""},
		{"1005", ""},
		{"0100", ""},
		{"001A", ""},
		{"00N7", ""},
		{"", ""},
		{"   ", ""},
		{"16", ""}, // Garanti-specific, not in the ISO table
		{"XX", ""},
		{"V033", ""},
	}
	for _, tt := range tests {
		e, ok := ISO(tt.raw)
		if ok != (tt.wantRaw != "") || e.Raw != tt.wantRaw {
			t.Errorf("ISO(%q) = %q, %v, want %q, %v", tt.raw, e.Raw, ok, tt.wantRaw, tt.wantRaw != "")
		}
	}
}

func TestISOLookalikeApprovals(t *testing.T) {
	// returncodes.md §0 rule 3: these must never yield Approved.
	for _, raw := range []string{"02", "08", "10", "11", "0002", "0008", "0010", "0011"} {
		got, mapped := ISOCode(raw)
		if got == Approved {
			t.Errorf("ISOCode(%q) = %q, want not %q", raw, got, Approved)
		}
		if got != ReferToIssuer || !mapped {
			t.Errorf("ISOCode(%q) = %q, %v, want %q, true", raw, got, mapped, ReferToIssuer)
		}
	}
}

func TestISOCode(t *testing.T) {
	tests := []struct {
		raw        string
		want       Code
		wantMapped bool
	}{
		{"00", Approved, true},
		{"0000", Approved, true},
		{"51", InsufficientFunds, true},
		{"0051", InsufficientFunds, true},
		{"41", PickupLostStolen, true},
		{"n7", InvalidCVV, true},
		{"92", TimeoutUnknown, true},
		{"", TimeoutUnknown, false},
		{"  ", TimeoutUnknown, false},
		{"ZZ", DoNotHonor, false},
		{"16", DoNotHonor, false},
		{"0225", DoNotHonor, false},
		{"CORE-2012", DoNotHonor, false},
	}
	for _, tt := range tests {
		got, mapped := ISOCode(tt.raw)
		if got != tt.want || mapped != tt.wantMapped {
			t.Errorf("ISOCode(%q) = %q, %v, want %q, %v", tt.raw, got, mapped, tt.want, tt.wantMapped)
		}
	}
}
