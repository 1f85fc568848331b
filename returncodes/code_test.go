package returncodes

import (
	"slices"
	"strings"
	"testing"
)

// wantCategory is the category table of doc.go, written out independently.
var wantCategory = map[Code]Category{
	Approved:                CategoryApproved,
	DoNotHonor:              CategorySoftDecline,
	ReferToIssuer:           CategorySoftDecline,
	InsufficientFunds:       CategorySoftDecline,
	LimitExceeded:           CategorySoftDecline,
	ExpiredCard:             CategoryHardDecline,
	InvalidCard:             CategoryHardDecline,
	InvalidCVV:              CategoryHardDecline,
	InvalidAmount:           CategoryHardDecline,
	CardRestricted:          CategoryHardDecline,
	NotFound:                CategoryHardDecline,
	InvalidTransactionState: CategoryHardDecline,
	PickupLostStolen:        CategoryFraud,
	FraudSuspected:          CategoryFraud,
	ThreeDSFailed:           CategoryThreeDS,
	AuthError:               CategoryMerchantConfig,
	MerchantConfigError:     CategoryMerchantConfig,
	InvalidRequest:          CategoryMerchantConfig,
	IssuerUnavailable:       CategoryTechnical,
	SystemError:             CategoryTechnical,
	TimeoutUnknown:          CategoryTechnical,
	DuplicateOrder:          CategoryTechnical,
}

func TestAllDeclarationOrder(t *testing.T) {
	want := []Code{
		Approved, DoNotHonor, ReferToIssuer, InsufficientFunds, LimitExceeded,
		ExpiredCard, InvalidCard, InvalidCVV, InvalidAmount, CardRestricted,
		PickupLostStolen, FraudSuspected, ThreeDSFailed, DuplicateOrder,
		NotFound, InvalidTransactionState, InvalidRequest, AuthError,
		MerchantConfigError, IssuerUnavailable, SystemError, TimeoutUnknown,
	}
	got := All()
	if !slices.Equal(got, want) {
		t.Fatalf("All() = %v, want %v", got, want)
	}
	got[0] = "mutated"
	if All()[0] != Approved {
		t.Errorf("All() returned shared storage: got %q after mutation, want %q", All()[0], Approved)
	}
}

func TestCategory(t *testing.T) {
	if got, want := len(wantCategory), len(All()); got != want {
		t.Fatalf("test table has %d codes, want %d", got, want)
	}
	for _, c := range All() {
		if got, want := c.Category(), wantCategory[c]; got != want {
			t.Errorf("%s.Category() = %q, want %q", c, got, want)
		}
	}
	for _, c := range []Code{"", "approved ", "APPROVED", "card_declined"} {
		if got := c.Category(); got != CategoryUnknown {
			t.Errorf("Code(%q).Category() = %q, want %q", c, got, CategoryUnknown)
		}
	}
}

func TestEveryCodeComplete(t *testing.T) {
	for _, c := range All() {
		if !c.Valid() {
			t.Errorf("%s.Valid() = false, want true", c)
		}
		if c.Category() == CategoryUnknown {
			t.Errorf("%s.Category() = unknown, want a real category", c)
		}
		for _, lang := range []string{"en", "tr"} {
			if c.Message(lang) == "" {
				t.Errorf("%s.Message(%q) is empty", c, lang)
			}
			if c.OperatorMessage(lang) == "" {
				t.Errorf("%s.OperatorMessage(%q) is empty", c, lang)
			}
		}
		if c.Message("tr") == c.Message("en") {
			t.Errorf("%s.Message: Turkish text equals English %q", c, c.Message("en"))
		}
		if c.OperatorMessage("tr") == c.OperatorMessage("en") {
			t.Errorf("%s.OperatorMessage: Turkish text equals English %q", c, c.OperatorMessage("en"))
		}
	}
}

func TestUnknownCode(t *testing.T) {
	for _, c := range []Code{"", "nope"} {
		if c.Valid() {
			t.Errorf("Code(%q).Valid() = true, want false", c)
		}
		if c.Retryable() || c.Pickup() || c.Fraud() {
			t.Errorf("Code(%q): Retryable/Pickup/Fraud = %v/%v/%v, want all false", c, c.Retryable(), c.Pickup(), c.Fraud())
		}
		for _, lang := range []string{"en", "tr"} {
			if c.Message(lang) == "" || c.OperatorMessage(lang) == "" {
				t.Errorf("Code(%q) has an empty %s message", c, lang)
			}
		}
	}
}

func TestRetryable(t *testing.T) {
	// returncodes.md §1 "retry by cardholder".
	retryable := map[Code]bool{
		DoNotHonor:        true,
		InsufficientFunds: true,
		LimitExceeded:     true,
		InvalidCVV:        true,
		ThreeDSFailed:     true,
		IssuerUnavailable: true,
		SystemError:       true,
	}
	for _, c := range All() {
		if got, want := c.Retryable(), retryable[c]; got != want {
			t.Errorf("%s.Retryable() = %v, want %v", c, got, want)
		}
	}
}

func TestPickupFraud(t *testing.T) {
	for _, c := range All() {
		if got, want := c.Pickup(), c == PickupLostStolen; got != want {
			t.Errorf("%s.Pickup() = %v, want %v", c, got, want)
		}
		if got, want := c.Fraud(), c == FraudSuspected; got != want {
			t.Errorf("%s.Fraud() = %v, want %v", c, got, want)
		}
	}
}

// revealing are words a cardholder text must never contain (rule 6).
var revealing = []string{"lost", "stolen", "fraud", "pick", "retain", "kayıp", "çalıntı", "sahte", "el koy", "dolandırıcı"}

func TestFraudMessagesGeneric(t *testing.T) {
	for _, c := range []Code{PickupLostStolen, FraudSuspected} {
		tests := []struct{ lang, want string }{
			{"en", genericDeclineEN},
			{"en-GB", genericDeclineEN},
			{"tr", genericDeclineTR},
			{"tr-TR", genericDeclineTR},
		}
		for _, tt := range tests {
			if got := c.Message(tt.lang); got != tt.want {
				t.Errorf("%s.Message(%q) = %q, want %q", c, tt.lang, got, tt.want)
			}
		}
	}
	for _, c := range All() {
		for _, lang := range []string{"en", "tr"} {
			msg := strings.ToLower(c.Message(lang))
			for _, w := range revealing {
				if strings.Contains(msg, w) {
					t.Errorf("%s.Message(%q) = %q reveals %q", c, lang, msg, w)
				}
			}
		}
	}
	if got := PickupLostStolen.OperatorMessage("en"); !strings.Contains(strings.ToLower(got), "lost") {
		t.Errorf("PickupLostStolen.OperatorMessage(en) = %q, want the real reason (lost/stolen)", got)
	}
}

func TestMessageLanguage(t *testing.T) {
	tests := []struct {
		lang    string
		turkish bool
	}{
		{"tr", true},
		{"TR", true},
		{"tr-TR", true},
		{"tr_TR", true},
		{"tr-tr", true},
		{" tr ", true},
		{"Tr-Cy", true},
		{"", false},
		{"en", false},
		{"en-US", false},
		{"de", false},
		{"tra", false},
		{"turkish", false},
		{"t", false},
	}
	for _, tt := range tests {
		want := InsufficientFunds.Message("en")
		wantOp := InsufficientFunds.OperatorMessage("en")
		if tt.turkish {
			want = "Kartınızın bakiyesi veya limiti yetersiz. Lütfen başka bir kart kullanın."
			wantOp = InsufficientFunds.OperatorMessage("tr")
		}
		if got := InsufficientFunds.Message(tt.lang); got != want {
			t.Errorf("Message(%q) = %q, want %q", tt.lang, got, want)
		}
		if got := InsufficientFunds.OperatorMessage(tt.lang); got != wantOp {
			t.Errorf("OperatorMessage(%q) = %q, want %q", tt.lang, got, wantOp)
		}
	}
}

func TestOperatorMessagesSayWhatToDo(t *testing.T) {
	tests := []struct {
		code   Code
		lang   string
		phrase string
	}{
		{TimeoutUnknown, "en", "status inquiry"},
		{TimeoutUnknown, "tr", "durum sorgusu"},
		{DuplicateOrder, "en", "status inquiry"},
		{DuplicateOrder, "tr", "durum sorgusu"},
		{AuthError, "en", "alert the operator"},
		{AuthError, "tr", "operatörü uyarın"},
		{MerchantConfigError, "en", "alert the operator"},
		{PickupLostStolen, "en", "flag the card"},
		{FraudSuspected, "en", "fraud review"},
	}
	for _, tt := range tests {
		if got := tt.code.OperatorMessage(tt.lang); !strings.Contains(strings.ToLower(got), tt.phrase) {
			t.Errorf("%s.OperatorMessage(%q) = %q, want it to contain %q", tt.code, tt.lang, got, tt.phrase)
		}
	}
}

func TestParseCode(t *testing.T) {
	for _, c := range All() {
		got, err := ParseCode(string(c))
		if err != nil || got != c {
			t.Errorf("ParseCode(%q) = %q, %v, want %q, nil", c, got, err, c)
		}
	}
	lenient := []struct {
		in   string
		want Code
	}{
		{" approved ", Approved},
		{"3DS_FAILED", ThreeDSFailed},
		{"Timeout_Unknown\n", TimeoutUnknown},
	}
	for _, tt := range lenient {
		if got, err := ParseCode(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseCode(%q) = %q, %v, want %q, nil", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "declined", "card_declined", "approved!"} {
		got, err := ParseCode(bad)
		if err == nil {
			t.Errorf("ParseCode(%q) = %q, nil, want an error", bad, got)
			continue
		}
		if got != "" {
			t.Errorf("ParseCode(%q) code = %q, want empty on error", bad, got)
		}
		if !strings.Contains(err.Error(), `"`+bad+`"`) || !strings.HasPrefix(err.Error(), "returncodes: ") {
			t.Errorf("ParseCode(%q) error = %q, want it prefixed and naming the value", bad, err)
		}
	}
}

func TestTableLookup(t *testing.T) {
	tab := Table{
		"CORE-2012": InvalidCard,
		"CORE-2507": DuplicateOrder,
		"V033":      ThreeDSFailed,
	}
	tests := []struct {
		raw    string
		want   Code
		wantOK bool
	}{
		{"CORE-2012", InvalidCard, true},
		{" CORE-2507\n", DuplicateOrder, true},
		{"V033", ThreeDSFailed, true},
		{"core-2012", "", false},
		{"CORE-9999", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := tab.Lookup(tt.raw)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("Lookup(%q) = %q, %v, want %q, %v", tt.raw, got, ok, tt.want, tt.wantOK)
		}
	}
	var nilTab Table
	if got, ok := nilTab.Lookup("00"); got != "" || ok {
		t.Errorf("nil Table.Lookup(%q) = %q, %v, want \"\", false", "00", got, ok)
	}
}
