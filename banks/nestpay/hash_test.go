package nestpay

import (
	"errors"
	"net/url"
	"slices"
	"testing"

	"github.com/sanalpos/vpos"
)

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// TestVer3RequestHash checks the worked examples of nestpay.md §10.1 and
// §10.2 (mewebstudio/pos EstV3PosCryptTest).
func TestVer3RequestHash(t *testing.T) {
	tests := []struct {
		name      string
		fields    url.Values
		key       string
		wantPlain string
		want      string
	}{
		{
			name: "10.1 3d_pay",
			fields: form("clientid", "190100000", "storetype", "3d_pay", "amount", "100.25", "oid", "order222",
				"okUrl", "https://domain.com/success", "failUrl", "https://domain.com/fail_url", "rnd", "rand",
				"lang", "tr", "currency", "949", "taksit", "", "islemtipi", "Auth", "firmaadi", "siparis veren",
				"Email", "test@test.com", "hashAlgorithm", "ver3"),
			key:       "123456",
			wantPlain: "100.25|190100000|949|test@test.com|https://domain.com/fail_url|siparis veren|ver3|Auth|tr|order222|https://domain.com/success|rand|3d_pay||123456",
			want:      "/uPxhEKWCEGi3NsDOOQ4u8Hu5g71v5GWspOid70WehTWEz97PqxG3IN1Jv5jsbOXOw3Z3Rr/0UtywzEgbqFfdA==",
		},
		{
			name: "10.2 3d",
			fields: form("clientid", "190100000", "storetype", "3d", "amount", "100.25", "oid", "order222",
				"okUrl", "https://domain.com/success", "failUrl", "https://domain.com/fail_url", "rnd", "12345",
				"hashAlgorithm", "ver3", "lang", "tr", "currency", "949", "islemtipi", "Auth", "taksit", ""),
			key:       "123456",
			wantPlain: "100.25|190100000|949|https://domain.com/fail_url|ver3|Auth|tr|order222|https://domain.com/success|12345|3d||123456",
			want:      "4aUsG5hqlIFLc9s8PKc5rWb2OLhmxDDewNgKa2XrwoYCIxlyVq8Fjl4IVaZzoqL983CfTseicmnTA0PjZr74xg==",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ver3Plain(tt.fields, tt.key); got != tt.wantPlain {
				t.Errorf("got plaintext %q, want %q", got, tt.wantPlain)
			}
			if got := ver3Hash(tt.fields, tt.key); got != tt.want {
				t.Errorf("got hash %s, want %s", got, tt.want)
			}
			// hash and encoding never count.
			withHash := cloneForm(tt.fields)
			withHash.Set("hash", "x")
			withHash.Set("encoding", "ISO-8859-9")
			if got := ver3Hash(withHash, tt.key); got != tt.want {
				t.Errorf("with hash and encoding fields: got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestVer3Escaping(t *testing.T) {
	tests := []struct {
		name   string
		fields url.Values
		key    string
		want   string
	}{
		{"pipe", form("a", "x|y"), "k", `x\|y|k`},
		{"backslash", form("a", `x\y`), "k", `x\\y|k`},
		{"backslash then pipe", form("a", `\|`), "k", `\\\||k`},
		{"key escaped", form("a", "1"), `k|\`, `1|k\|\\`},
		{"empty values count", form("a", "", "b", ""), "k", "||k"},
	}
	for _, tt := range tests {
		if got := ver3Plain(tt.fields, tt.key); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestNatCaseCompare(t *testing.T) {
	tests := []struct {
		in   []string
		want []string
	}{
		{[]string{"okUrl", "oid", "Email", "amount"}, []string{"amount", "Email", "oid", "okUrl"}},
		// Digit runs compare by value (PHP SORT_NATURAL).
		{[]string{"TRX10", "TRX2", "TRX1"}, []string{"TRX1", "TRX2", "TRX10"}},
		// Case-folding is to upper case: "_" sorts after the letters.
		{[]string{"_charset_", "zeta", "Alpha"}, []string{"Alpha", "zeta", "_charset_"}},
		{[]string{"Fadres2", "Fadres", "fadres1"}, []string{"Fadres", "fadres1", "Fadres2"}},
		{[]string{"cv2", "currency", "clientid"}, []string{"clientid", "currency", "cv2"}},
	}
	for _, tt := range tests {
		got := slices.Clone(tt.in)
		slices.SortFunc(got, natCaseCompare)
		if !slices.Equal(got, tt.want) {
			t.Errorf("sorted %q: got %q, want %q", tt.in, got, tt.want)
		}
	}
}

// ziraatCallback is the real Ziraat 3d_pay sandbox callback of nestpay.md
// §10.3 (mewebstudio/pos EstV3PosCryptTest::threeDHashCheckDataProvider);
// null values are empty strings.
func ziraatCallback() url.Values {
	return form(
		"ReturnOid", "202210308C0F", "TRANID", "", "hashAlgorithm", "ver3", "PAResSyntaxOK", "true",
		"firmaadi", "John Doe", "islemtipi", "Auth", "lang", "tr", "merchantID", "190200000",
		"maskedCreditCard", "4355 08** **** 4358", "amount", "1.01", "sID", "1", "ACQBIN", "454672",
		"Ecom_Payment_Card_ExpDate_Year", "26", "EXTRA_CARDBRAND", "VISA", "Email", "mail@customer.com",
		"MaskedPan", "435508***4358", "acqStan", "184784", "merchantName", "Ziraat 3D_Pay",
		"clientIp", "89.244.149.137", "EXTRA_KAZANILANPUAN", "000000010.00",
		"okUrl", "http://localhost/akbank/3d-pay/response.php",
		"md", "435508:51104213993AC8DFE8839C7F7E391B461115D09A1D88948C8ACE421D7D7EAA5A:3545:##190200000",
		"ProcReturnCode", "00", "payResults_dsId", "1", "taksit", "", "TransId", "22303RqiC11252",
		"EXTRA_TRXDATE", "20221030 17:42:33", "Ecom_Payment_Card_ExpDate_Month", "12", "storetype", "3d_pay",
		"Response", "Approved", "SettleId", "2383",
		"mdErrorMsg", "Y-status/Challenge authentication via ACS: https://3ds-acs.test.modirum.com/mdpayacs/creq?token=214711321.1667140951.Ud_jQl3B2l1",
		"ErrMsg", "", "PAResVerified", "true", "cavv", "ABABBCgghAAAAABllJMDdZdTdic=", "digest", "digest",
		"HostRefNum", "230317184784", "callbackCall", "true", "AuthCode", "216981",
		"failUrl", "http://localhost/akbank/3d-pay/response.php", "xid", "N1An1iS5iN4u/1VWS6CgzSGRtN0=",
		"encoding", "ISO-8859-9", "currency", "949", "oid", "202210308C0F", "mdStatus", "1", "dsId", "1",
		"eci", "05", "version", "2.0", "EXTRA_CARDISSUER", "AKBANK T.A.S.", "clientid", "190200000",
		"txstatus", "Y",
		"HASH", "jVgcwtx4vxxAcX8+ajsrrzp77k9uaGu1pjDQfCpoUG95y2MwwGipc6cF3kESiTphjV8/1ESSc6zg9KyTSxUnzA==",
		"rnd", "J/jGATA5LLVaMfpU+Yyu",
	)
}

// legacyCallback is the callback of nestpay.md §10.5.
func legacyCallback() url.Values {
	return form("clientid", "700655000200", "oid", "202204171C44", "mdStatus", "0", "cavv", "", "eci", "",
		"md", "435508:86D9842A9C594E17B28A2B9037FEB140E8EA480AED5FE19B5CEA446960AA03AA:4122:##700655000200",
		"rnd", "mzTLQAaM8W5GuQwu4BfD", "HASHPARAMS", "clientid:oid:mdStatus:cavv:eci:md:rnd:",
		"HASHPARAMSVAL", "700655000200202204171C440435508:86D9842A9C594E17B28A2B9037FEB140E8EA480AED5FE19B5CEA446960AA03AA:4122:##700655000200mzTLQAaM8W5GuQwu4BfD",
		"HASH", "e5KcIY797JNvjrkWjZSfHOa+690=")
}

func cloneForm(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

func TestVerifyCallback(t *testing.T) {
	ver3 := Config{StoreKey: "123456"}
	legacy := Config{StoreKey: "TRPS0200", HashVersion: HashLegacy}
	tests := []struct {
		name  string
		cfg   Config
		form  url.Values
		edit  func(url.Values)
		valid bool
	}{
		{"10.3 ver3 callback", ver3, ziraatCallback(), nil, true},
		{"10.3 mdStatus emptied", ver3, ziraatCallback(), func(v url.Values) { v.Set("mdStatus", "") }, false},
		{"10.3 amount changed", ver3, ziraatCallback(), func(v url.Values) { v.Set("amount", "1.02") }, false},
		{"10.3 field removed", ver3, ziraatCallback(), func(v url.Values) { v.Del("TransId") }, false},
		{"10.3 field added", ver3, ziraatCallback(), func(v url.Values) { v.Set("Response2", "x") }, false},
		{"10.3 nationalidno is unsigned", ver3, ziraatCallback(), func(v url.Values) { v.Set("nationalidno", "12345678901") }, true},
		{"10.3 NATIONALIDNO is unsigned", ver3, ziraatCallback(), func(v url.Values) { v.Set("NATIONALIDNO", "1") }, true},
		{"10.3 encoding is unsigned", ver3, ziraatCallback(), func(v url.Values) { v.Set("encoding", "UTF-8") }, true},
		{"10.3 hash lower-case name", ver3, ziraatCallback(), func(v url.Values) { v.Set("hash", v.Get("HASH")); v.Del("HASH") }, true},
		{"10.3 hash missing", ver3, ziraatCallback(), func(v url.Values) { v.Del("HASH") }, false},
		{"10.3 hash empty", ver3, ziraatCallback(), func(v url.Values) { v.Set("HASH", "") }, false},
		{"10.3 hash twice", ver3, ziraatCallback(), func(v url.Values) { v.Set("hash", v.Get("HASH")) }, false},
		{"10.3 field repeated", ver3, ziraatCallback(), func(v url.Values) { v.Add("oid", "202210308C0F") }, false},
		{"10.3 wrong key", Config{StoreKey: "654321"}, ziraatCallback(), nil, false},
		{"10.3 under the legacy scheme", Config{StoreKey: "123456", HashVersion: HashLegacy}, ziraatCallback(), nil, false},
		{"10.5 legacy callback", legacy, legacyCallback(), nil, true},
		{"10.5 mdStatus changed", legacy, legacyCallback(), func(v url.Values) { v.Set("mdStatus", "1") }, false},
		{"10.5 field outside HASHPARAMS", legacy, legacyCallback(), func(v url.Values) { v.Set("lang", "en") }, true},
		{"10.5 HASHPARAMS without mdStatus", legacy, legacyCallback(), func(v url.Values) {
			// The shift attack: mdStatus leaves the list, its value moves
			// to a junk field; the plain text stays the same.
			v.Set("HASHPARAMS", "clientid:oid:junk:cavv:eci:md:rnd:")
			v.Set("junk", "0")
			v.Set("mdStatus", "1")
		}, false},
		{"10.5 Response outside HASHPARAMS", legacy, legacyCallback(), func(v url.Values) { v.Set("Response", "Approved") }, false},
		{"10.5 HASHPARAMS missing", legacy, legacyCallback(), func(v url.Values) { v.Del("HASHPARAMS") }, false},
		{"10.5 under ver3", Config{StoreKey: "TRPS0200"}, legacyCallback(), nil, false},
		{"no store key", Config{}, ziraatCallback(), nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := cloneForm(tt.form)
			if tt.edit != nil {
				tt.edit(f)
			}
			err := tt.cfg.VerifyCallback(f)
			if got := err == nil; got != tt.valid {
				t.Fatalf("VerifyCallback: got error %v, want valid=%v", err, tt.valid)
			}
			if err != nil && !errors.Is(err, vpos.ErrInvalidCallback) {
				t.Errorf("got error %v, want one matching vpos.ErrInvalidCallback", err)
			}
		})
	}
}

// TestLegacyRequestHash checks nestpay.md §10.4
// (mewebstudio/pos EstPosCryptTest::testCreate3DHash).
func TestLegacyRequestHash(t *testing.T) {
	f := form("clientid", "700655000200", "oid", "order222", "amount", "100.25",
		"okUrl", "https://domain.com/success", "failUrl", "https://domain.com/fail_url",
		"islemtipi", "Auth", "taksit", "", "rnd", "rand", "storetype", "3d", "lang", "tr")
	if got, want := legacyRequestHash(f, "TRPS0200"), "S7UxUAohxaxzl35WxHyDfuQx0sg="; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestSignCallback(t *testing.T) {
	for _, cfg := range []Config{{StoreKey: "k3y-ver3"}, {StoreKey: "k3y-legacy", HashVersion: HashLegacy}} {
		cb := form("clientid", "100", "oid", "O1", "mdStatus", "1", "md", "x:y", "rnd", "r",
			"Response", "Approved", "ProcReturnCode", "00", "AuthCode", "P1", "BillToName", "Çağrı Öztürk|\\")
		signed := cfg.SignCallback(cb)
		if err := cfg.VerifyCallback(signed); err != nil {
			t.Errorf("%s: VerifyCallback(SignCallback(cb)) = %v, want nil", cfg.hashVersion(), err)
		}
		if cb.Get("HASH") != "" {
			t.Errorf("%s: SignCallback modified its argument", cfg.hashVersion())
		}
		signed.Set("AuthCode", "P2")
		if err := cfg.VerifyCallback(signed); err == nil {
			t.Errorf("%s: tampered AuthCode verified", cfg.hashVersion())
		}
	}
}
