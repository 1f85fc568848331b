package payfor

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
)

// TestRequestHashWorkedExample is payfor.md §8.1 (mewebstudio
// PayForPosCryptTest::threeDHashCreateDataProvider).
func TestRequestHashWorkedExample(t *testing.T) {
	f := url.Values{
		"MbrId": {"5"}, "OrderId": {"2020110828BC"}, "PurchAmount": {"100.01"},
		"OkUrl":   {"http://localhost/finansbank-payfor/3d/response.php"},
		"FailUrl": {"http://localhost/finansbank-payfor/3d/response.php"},
		"TxnType": {"Auth"}, "InstallmentCount": {"0"}, "Rnd": {"0.43625700 1604831630"},
	}
	if got, want := requestHash(f, "12345678"), "zmSUxYPhmCj7QOzqpk/28LuE1Oc="; got != want {
		t.Errorf("requestHash = %q, want %q", got, want)
	}
}

// TestBegin3DWorkedExample builds the §8.1 form through Begin3D: the same
// hash must come out.
func TestBegin3DWorkedExample(t *testing.T) {
	m := newMockBank(t, testConfig(), fixed(t, "approved.xml"))
	form, err := m.p.Begin3D(t.Context(), &vpos.ThreeDRequest{
		OrderID: "2020110828BC", Amount: 10001, Currency: vpos.TRY, Model: "3d",
		OkURL: "http://localhost/finansbank-payfor/3d/response.php", Card: testCard(),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := form.Fields.Get("Hash"), "zmSUxYPhmCj7QOzqpk/28LuE1Oc="; got != want {
		t.Errorf("Hash = %q, want %q", got, want)
	}
}

// callbackVector is one signed callback of payfor.md §8.2 and §12.3.
type callbackVector struct {
	name                           string
	order, auth, code, status, rnd string
	hashType                       string
	hash                           string
}

var callbackVectors = []callbackVector{
	// §8.2 (mewebstudio threeDHashCheckDataProvider).
	{name: "8.2 3DModel V033", order: "20221031FD04", code: "V033", status: "1", rnd: "PF638028511007418219",
		hash: "rVcKoOOl3jKukGLHcQaVM6ZuznU="},
	// §12.3: the 3DPay success capture.
	{name: "12.3 3DPay success", order: "2022103114B3", auth: "S86797", code: "00", status: "1", rnd: "PF638028538035077529",
		hashType: "Sha1", hash: "il/SWNG2llQkLgnCbUG6lPYtlgM="},
	// §12.3: the 3DModel success capture.
	{name: "12.3 3DModel success", order: "20221031CFD0", code: "V033", status: "1", rnd: "PF638028524588902912",
		hashType: "Sha1", hash: "6OWhNzqTEXUGkY6HN90QKHdP53c="},
	// §12.3: the 2024 duplicate-order callback, SHA-256, no HashType.
	{name: "12.3 SHA-256 101310", order: "202403173F72", code: "101310", status: "-1", rnd: "PF638462944484307452",
		hash: "wWLUtYZD9VUIi9Pl3mAyS02LLsUxWy6lauMfFBiuVDw="},
}

func (v callbackVector) form() url.Values {
	f := url.Values{
		"MerchantID": {docMerchantID}, "OrderId": {v.order}, "AuthCode": {v.auth}, "ProcReturnCode": {v.code},
		"3DStatus": {v.status}, "ResponseRnd": {v.rnd}, "ResponseHash": {v.hash},
	}
	if v.hashType != "" {
		f.Set("HashType", v.hashType)
	}
	return f
}

func TestVerifyCallbackWorkedExamples(t *testing.T) {
	cfg := testConfig()
	for _, v := range callbackVectors {
		t.Run(v.name, func(t *testing.T) {
			if err := cfg.VerifyCallback(v.form()); err != nil {
				t.Fatalf("VerifyCallback: %v", err)
			}
			// Every signed field matters (§8.2: "changing 3DStatus to empty
			// must fail").
			for _, k := range []string{"OrderId", "AuthCode", "ProcReturnCode", "3DStatus", "ResponseRnd"} {
				for _, val := range []string{"", "X"} {
					f := v.form()
					if f.Get(k) == val {
						continue
					}
					f.Set(k, val)
					if err := cfg.VerifyCallback(f); !errors.Is(err, vpos.ErrInvalidCallback) {
						t.Errorf("%s=%q: VerifyCallback = %v, want ErrInvalidCallback", k, val, err)
					}
				}
			}
		})
	}
}

func TestVerifyCallbackRefusals(t *testing.T) {
	cfg := testConfig()
	good := callbackVectors[1].form()
	tests := []struct {
		name string
		cfg  func(Config) Config
		edit func(url.Values)
	}{
		{"missing hash", nil, func(f url.Values) { f.Del("ResponseHash") }},
		{"empty hash", nil, func(f url.Values) { f.Set("ResponseHash", "") }},
		{"wrong hash", nil, func(f url.Values) { f.Set("ResponseHash", "AAAASWNG2llQkLgnCbUG6lPYtlgM=") }},
		{"hash of another digest", nil, func(f url.Values) { f.Set("HashType", "Sha256") }},
		{"unknown HashType", nil, func(f url.Values) { f.Set("HashType", "Md5") }},
		{"unknown length", nil, func(f url.Values) { f.Del("HashType"); f.Set("ResponseHash", "abc=") }},
		{"field posted twice", nil, func(f url.Values) { f.Add("ProcReturnCode", "00") }},
		{"hash posted twice", nil, func(f url.Values) { f.Add("ResponseHash", f.Get("ResponseHash")) }},
		{"other merchant pass", func(c Config) Config { c.MerchantPass = "87654321"; return c }, nil},
		{"other merchant", func(c Config) Config { c.MerchantID = "085300000009705"; return c }, nil},
		{"other user", func(c Config) Config { c.UserCode = "QNB_API_KULLANICI"; return c }, nil},
		{"no merchant pass", func(c Config) Config { c.MerchantPass = ""; return c }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, f := cfg, url.Values{}
			for k, v := range good {
				f[k] = append([]string(nil), v...)
			}
			if tt.cfg != nil {
				c = tt.cfg(c)
			}
			if tt.edit != nil {
				tt.edit(f)
			}
			err := c.VerifyCallback(f)
			if !errors.Is(err, vpos.ErrInvalidCallback) {
				t.Fatalf("VerifyCallback = %v, want ErrInvalidCallback", err)
			}
			if strings.Contains(err.Error(), docMerchantPass) {
				t.Errorf("the error names the merchant pass: %v", err)
			}
		})
	}
}

func TestSignCallback(t *testing.T) {
	cfg := testConfig()
	for _, hashType := range []string{"", "Sha1", "Sha256"} {
		f := url.Values{"OrderId": {"O1"}, "ProcReturnCode": {"00"}, "3DStatus": {"1"}, "AuthCode": {"S12345"}}
		if hashType != "" {
			f.Set("HashType", hashType)
		}
		signed := cfg.SignCallback(f)
		if err := cfg.VerifyCallback(signed); err != nil {
			t.Errorf("HashType %q: VerifyCallback(SignCallback) = %v", hashType, err)
		}
		wantLen := 28
		if hashType == "Sha256" {
			wantLen = 44
		}
		if len(signed.Get("ResponseHash")) != wantLen || signed.Get("ResponseRnd") == "" {
			t.Errorf("HashType %q: signed = %v", hashType, signed)
		}
		if f.Get("ResponseHash") != "" {
			t.Errorf("SignCallback changed its input")
		}
	}
}

func TestDigestOf(t *testing.T) {
	for _, c := range []struct {
		typ, hash string
		want      string
		ok        bool
	}{
		{"Sha1", "", digestSHA1, true}, {"SHA1", "", digestSHA1, true}, {"sha-256", "", digestSHA256, true},
		{"Sha256", "", digestSHA256, true}, {"", strings.Repeat("a", 28), digestSHA1, true},
		{"", strings.Repeat("a", 44), digestSHA256, true}, {"", strings.Repeat("a", 30), "", false},
		{"Sha512", strings.Repeat("a", 88), "", false},
	} {
		got, ok := digestOf(c.typ, c.hash)
		if got != c.want || ok != c.ok {
			t.Errorf("digestOf(%q, %d chars) = %q, %v; want %q, %v", c.typ, len(c.hash), got, ok, c.want, c.ok)
		}
	}
}
