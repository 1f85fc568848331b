package garantitest

import (
	"net/url"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest"
)

// The worked examples of garanti.md §9: terminal 30691298, store key
// 12345678, password 123qweASD/.
const (
	exTerminal = "30691298"
	exStoreKey = "12345678"
	exPassword = "123qweASD/"
	exSecData  = "1639636D00AB5EF0B3CE073BB222BFAAC2C2C38D"
	exSuccess  = "https://domain.com/success"
	exFail     = "https://domain.com/fail_url"
)

func TestSecurityDataWorkedExample(t *testing.T) {
	if got := securityData(exPassword, exTerminal); got != exSecData {
		t.Errorf("securityData = %s, want %s (§9.1)", got, exSecData)
	}
}

func TestHashData512WorkedExamples(t *testing.T) {
	for _, tc := range []struct {
		orderID, card, amount, currency, want string
	}{
		{"order222", "", "10025", "949", "0CFE09F107274C6A07292DA061A4EECAB0F5F0CF87F831F2D3626A3346A941126C52D1D95A3B77ADF5AC348B3D25C76BA5D8D98A29557D087D3367BFFACCD25C"},
		{"4499996", "", "100", "949", "C0C88761726D1844AF49FBE756DBE4586F7339169994CF700AE50AA8EAD0C8E81F5828C3392CE39CFC3F8C976FC3E24B576F4DB55DAF2E7D3A6F6B6E5E89B189"},
		{"4499996", "", "202", "949", "0F97D922001221B9C90AA692CF5D4082FF6D3EB38BE863A47F9C08E63CD87312270D6F298E5FBBC320654861DA1C6EE826E0C83E904916351A9D3032FA426BAA"},
		{"SISTD5A61F1682E745B28871872383ABBEB1", "", "1", "", "B129BF998FF8C97C42D3FC923AA4271656B112549665FA130ACF631EA3EB73D917AEB3D646481564CACE38D1687F7744F82E5A1DBB6966F1512E0AF29B4C067B"},
	} {
		if got := hashData512(tc.orderID, exTerminal, tc.card, tc.amount, tc.currency, exSecData); got != tc.want {
			t.Errorf("hashData512(%s, %s, %s) = %s, want %s (§9.3)", tc.orderID, tc.amount, tc.currency, got, tc.want)
		}
	}
}

func TestHashDataLegacyWorkedExamples(t *testing.T) {
	for _, tc := range []struct {
		orderID, card, amount, want string
	}{
		{"order222", "", "10025", "00CD5B6C29D4CEA1F3002D785A9F9B09974AD51D"},
		{"4499996", "", "100", "9788649A0C3AE14C082783CEA6775E08A7EFB311"},
		{"4499996", "", "202", "D7094EAF4C444AAC429FB2424BEE7FC68470E0DE"},
		{"order222", "5555444433332222", "10025", "3732634F78053D42304B0966E263629FE44E258B"},
	} {
		if got := hashDataLegacy(tc.orderID, exTerminal, tc.card, tc.amount, exSecData); got != tc.want {
			t.Errorf("hashDataLegacy(%s, %q, %s) = %s, want %s (§9.5)", tc.orderID, tc.card, tc.amount, got, tc.want)
		}
	}
}

func TestSecure3DHashWorkedExamples(t *testing.T) {
	got := secure3DHash512(exTerminal, "order222", "10025", "949", exSuccess, exFail, "sales", "", exStoreKey, exSecData)
	want := "372D6CB20B2B699D0A6667DFF46E3AA8CF3F9D8C2BB69A7C411895151FFCFAAB5277CCFE3B3A06035FEEFBFBFD40C79DBE51DBF867D0A24B37335A28F0CEFDE2"
	if got != want {
		t.Errorf("secure3DHash512 = %s, want %s (§9.2)", got, want)
	}
	got = secure3DHashLegacy(exTerminal, "order222", "10025", exSuccess, exFail, "sales", "", exStoreKey, exSecData)
	if want := "1D319D5EA945F5730FF5BCC970FF96690993F4BD"; got != want {
		t.Errorf("secure3DHashLegacy = %s, want %s (§9.5)", got, want)
	}
	// The gate computes the same from a form.
	s := &Server{creds: Credentials{TerminalID: exTerminal, ProvPassword: exPassword, StoreKey: exStoreKey}}
	form := url.Values{
		"terminalid": {exTerminal}, "orderid": {"order222"}, "txnamount": {"10025"}, "txncurrencycode": {"949"},
		"successurl": {exSuccess}, "errorurl": {exFail}, "txntype": {"sales"}, "txninstallmentcount": {""},
	}
	if got := s.secure3DHash(form); got != want512(t) {
		t.Errorf("Server.secure3DHash = %s, want the §9.2 value", got)
	}
}

func want512(t *testing.T) string {
	t.Helper()
	return "372D6CB20B2B699D0A6667DFF46E3AA8CF3F9D8C2BB69A7C411895151FFCFAAB5277CCFE3B3A06035FEEFBFBFD40C79DBE51DBF867D0A24B37335A28F0CEFDE2"
}

func TestCallbackHashWorkedExamples(t *testing.T) {
	form := url.Values{
		"hashparams": {callbackHashParams}, "clientid": {exTerminal}, "oid": {"2023100354BB"},
		"authcode": {""}, "procreturncode": {""}, "response": {""}, "mdstatus": {"1"},
		"cavv": {"xgRlQDz4AAAAAAAAAAAAAAAAAAA="}, "eci": {"02"},
		"md":  {"aW5kZXg6MDJ6LjAI5iAcKf/ilXjYIOnTh4t+deHrtwO8ze7tPTL1YCDcBe8KEpuq6HDLYbqQSluL7p3kGcpFzX9s9XcegNhHMsDszxqGd33+p+p5sULGrDF3J2GGfiJDwan4ku7+eiTyS8x2xS9pUy7PTgMGc6jw94aLfXLHskhvY7FYWrymzQ=="},
		"rnd": {"kW094tPzNEhqORzzCsLB"},
	}
	want := "416B6253425E73184F118CC02E3BAA393622059BF6B0865D83F501E55A61339B9EC659CBCF7297EDECC1B17BF6281D90CC0AD8EDF3E1EFE94432ACCEAF79B26E"
	if got := callbackHash512(hashParamsValue(form, callbackHashParams), exStoreKey); got != want {
		t.Errorf("callbackHash512 = %s, want %s (§9.4)", got, want)
	}
	s := &Server{creds: Credentials{StoreKey: exStoreKey}}
	if got := s.SignCallback(form).Get("hash"); got != want {
		t.Errorf("SignCallback hash = %s, want %s", got, want)
	}

	legacy := url.Values{
		"hashparams": {callbackHashParams}, "clientid": {exTerminal}, "oid": {"20221101ACC4"},
		"authcode": {""}, "procreturncode": {""}, "response": {""}, "mdstatus": {"1"},
		"cavv": {"jCm0m+u/0hUfAREHBAMBcfN+pSo="}, "eci": {"02"},
		"md":  {"G1YfkxEZ8Noemg4MRspO20vEiXaEk51A7ajPU4mKMSVmw34xpTV+8XSfhPw2vMA2XLuPjeXSvG00zCA+78yYbp83WAhjLy/qNPUCphGiC1db8oGIphWRRimqxZi1iCq3rYtLbz6EoZRFU18UGFUotA=="},
		"rnd": {"3tfMjkdGsXQNc11PxchJ"},
	}
	wantLegacy := "r2KD+NS0f82pwRPekR1BTIT1mik="
	if got := callbackHashLegacy(hashParamsValue(legacy, callbackHashParams), exStoreKey); got != wantLegacy {
		t.Errorf("callbackHashLegacy = %s, want %s (§9.5)", got, wantLegacy)
	}
	s.legacy = true
	if got := s.SignCallback(legacy).Get("hash"); got != wantLegacy {
		t.Errorf("legacy SignCallback hash = %s, want %s", got, wantLegacy)
	}
}

// The RetrefNum of an authorisation, derived from its TransID, is the
// ledger's RRN; follow-ups get distinct ones in the same shape.
func TestRRNFromTransID(t *testing.T) {
	l := vpostest.NewLedger(func() time.Time { return time.Date(2025, 11, 25, 12, 0, 0, 0, time.UTC) })
	seen := map[string]bool{}
	for i := range 300 {
		id := "R" + string(rune('A'+i%26)) + string(rune('A'+i/26))
		o, err := l.Authorize(vpostest.KindSale, id, 1000, vpos.TRY, 0, "4000009999000006", vpostest.OutcomeApprove)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := rrnFromTransID(o.TransID)
		if !ok || got != o.RRN {
			t.Fatalf("rrnFromTransID(%s) = %s, %v, want %s", o.TransID, got, ok, o.RRN)
		}
		r, err := l.Refund(id, 100)
		if err != nil {
			t.Fatal(err)
		}
		rr, _ := rrnFromTransID(r.Entries[len(r.Entries)-1].TransID)
		for _, v := range []string{got, rr} {
			if seen[v] || len(v) != 12 {
				t.Fatalf("RetrefNum %q repeated or not 12 digits", v)
			}
			seen[v] = true
		}
	}
}

func TestMasks(t *testing.T) {
	for _, tc := range []struct{ pan, want8 string }{
		{"4000009999000006", "40000099****0006"},
		{"375624000000036", "37562400****036"},
		{"4000009999000000006", "40000099*******0006"},
	} {
		if got := mask8(tc.pan); got != tc.want8 {
			t.Errorf("mask8(%s) = %s, want %s", tc.pan[:6], got, tc.want8)
		}
	}
}
