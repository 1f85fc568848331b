package payfortest

import (
	"net/url"
	"testing"
)

// The worked examples of payfor.md §8 and the captured callbacks of §12.3.
func TestRequestHashWorkedExample(t *testing.T) {
	// §8.1 (MEWS PayForPosCryptTest threeDHashCreateDataProvider).
	form := url.Values{
		"MbrId": {"5"}, "OrderId": {"2020110828BC"}, "PurchAmount": {"100.01"},
		"OkUrl":   {"http://localhost/finansbank-payfor/3d/response.php"},
		"FailUrl": {"http://localhost/finansbank-payfor/3d/response.php"},
		"TxnType": {"Auth"}, "InstallmentCount": {"0"}, "Rnd": {"0.43625700 1604831630"},
		// Fields outside the formula change nothing.
		"MerchantID": {"085300000009704"}, "Lang": {"tr"}, "Currency": {"949"},
	}
	const plaintext = "52020110828BC100.01http://localhost/finansbank-payfor/3d/response.php" +
		"http://localhost/finansbank-payfor/3d/response.phpAuth00.43625700 160483163012345678"
	if got := requestPlaintext(form, "12345678"); got != plaintext {
		t.Errorf("plaintext = %q, want %q", got, plaintext)
	}
	if got, want := RequestHash(form, "12345678"), "zmSUxYPhmCj7QOzqpk/28LuE1Oc="; got != want {
		t.Errorf("RequestHash = %q, want %q", got, want)
	}
	// Names are matched case-insensitively (forms say MbrId, some clients mbrid).
	lower := url.Values{}
	for k, v := range form {
		lower["x"+k] = v // unrelated names
	}
	for _, k := range []string{"MbrId", "OrderId", "PurchAmount", "OkUrl", "FailUrl", "TxnType", "InstallmentCount", "Rnd"} {
		lower[toLower(k)] = form[k]
	}
	if got, want := RequestHash(lower, "12345678"), "zmSUxYPhmCj7QOzqpk/28LuE1Oc="; got != want {
		t.Errorf("RequestHash of lower-case names = %q, want %q", got, want)
	}
}

func toLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

func TestResponseHashWorkedExamples(t *testing.T) {
	const (
		merchant = "085300000009704"
		pass     = "12345678"
		user     = "QNB_API_KULLANICI_3DPAY"
	)
	cb := func(order, auth, code, status, rnd string) url.Values {
		return url.Values{
			"MerchantID": {merchant}, "OrderId": {order}, "AuthCode": {auth}, "ProcReturnCode": {code},
			"3DStatus": {status}, "ResponseRnd": {rnd}, "PurchAmount": {"1.01"}, "TxnType": {"Auth"},
		}
	}
	tests := []struct {
		name      string
		cb        url.Values
		sha256    bool
		plaintext string
		want      string
	}{
		{
			name:      "8.2 3DModel V033",
			cb:        cb("20221031FD04", "", "V033", "1", "PF638028511007418219"),
			plaintext: "0853000000097041234567820221031FD04V0331PF638028511007418219QNB_API_KULLANICI_3DPAY",
			want:      "rVcKoOOl3jKukGLHcQaVM6ZuznU=",
		},
		{
			name:      "12.3 3DModel V033",
			cb:        cb("20221031CFD0", "", "V033", "1", "PF638028524588902912"),
			plaintext: "0853000000097041234567820221031CFD0V0331PF638028524588902912QNB_API_KULLANICI_3DPAY",
			want:      "6OWhNzqTEXUGkY6HN90QKHdP53c=",
		},
		{
			name:      "12.3 3DPay success",
			cb:        cb("2022103114B3", "S86797", "00", "1", "PF638028538035077529"),
			plaintext: "085300000009704123456782022103114B3S86797001PF638028538035077529QNB_API_KULLANICI_3DPAY",
			want:      "il/SWNG2llQkLgnCbUG6lPYtlgM=",
		},
		{
			name:      "12.3 duplicate order, SHA-256",
			cb:        cb("202403173F72", "", "101310", "-1", "PF638462944484307452"),
			sha256:    true,
			plaintext: "08530000000970412345678202403173F72101310-1PF638462944484307452QNB_API_KULLANICI_3DPAY",
			want:      "wWLUtYZD9VUIi9Pl3mAyS02LLsUxWy6lauMfFBiuVDw=",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := responsePlaintext(tc.cb, pass, user); got != tc.plaintext {
				t.Errorf("plaintext = %q, want %q", got, tc.plaintext)
			}
			hash := ResponseHash
			if tc.sha256 {
				hash = ResponseHashSHA256
			}
			if got := hash(tc.cb, pass, user); got != tc.want {
				t.Errorf("hash = %q, want %q", got, tc.want)
			}
		})
	}
	// §8.2: changing 3DStatus to empty must fail.
	bad := cb("20221031FD04", "", "V033", "", "PF638028511007418219")
	if got := ResponseHash(bad, pass, user); got == "rVcKoOOl3jKukGLHcQaVM6ZuznU=" {
		t.Errorf("ResponseHash with an empty 3DStatus verifies")
	}
}

func TestFieldSets(t *testing.T) {
	if n := len(callbackFieldNames); n != 119 {
		t.Errorf("callback fields = %d, want 119 (§12.3)", n)
	}
	if n := len(inquiryFieldNames); n != 121 {
		t.Errorf("inquiry fields = %d, want 121 (§12.4)", n)
	}
	seen := map[string]bool{}
	for _, n := range inquiryFieldNames {
		if seen[n] {
			t.Errorf("inquiry field %s twice", n)
		}
		seen[n] = true
	}
	for _, n := range []string{"InsertDatetime", "D3Status", "IsVoided", "IsRefunded", "TrxDate", "ReturnMessage", "PAYFORFROMXMLREQUEST"} {
		if !seen[n] {
			t.Errorf("inquiry lacks %s", n)
		}
	}
	for _, n := range []string{"TransactionDate", "D3Stat", "3DStatus", "RRN", "HashType"} {
		if seen[n] {
			t.Errorf("inquiry has %s", n)
		}
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		code string
	}{
		{"1.01", 101, ""}, {"100.25", 10025, ""}, {"1", 100, ""}, {"1.5", 150, ""}, {"200000", 20000000, ""},
		{"", 0, codeAmount}, {"1,01", 0, codeAmount}, {"1.001", 0, codeAmount}, {"1.", 0, codeAmount}, {"abc", 0, codeAmount},
		{"0", 0, codeAmountZero}, {"0.00", 0, codeAmountZero}, {"-1", 0, codeAmountZero},
		{"200000.01", 0, codeAmountRange},
	}
	for _, tc := range tests {
		got, code := parseAmount(tc.in, "TRY")
		if int64(got) != tc.want || code != tc.code {
			t.Errorf("parseAmount(%q) = %d, %q; want %d, %q", tc.in, got, code, tc.want, tc.code)
		}
	}
}

func TestGeneratedValuesAvoidCVVDigits(t *testing.T) {
	s := NewServer()
	defer s.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	for range 3000 {
		r := s.newRefs()
		for _, v := range []string{r.authCode, r.hostRef, r.guid, r.reqID, s.newResponseRndLocked()} {
			if cvvLike(v) {
				t.Fatalf("generated %q holds three digits from 6 to 9", v)
			}
		}
	}
	if v := panToken("4000009999000006"); len(v) != 32 || cvvLike(v) {
		t.Errorf("panToken = %q", v)
	}
}
