package hashx

import (
	"bytes"
	"encoding/hex"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

func TestDigests(t *testing.T) {
	tests := []struct {
		name string
		fn   func() []byte
		want string // lower hex
	}{
		{"SHA1 abc", func() []byte { return SHA1([]byte("abc")) }, "a9993e364706816aba3e25717850c26c9cd0d89d"},
		{"SHA256 abc", func() []byte { return SHA256([]byte("abc")) }, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"SHA512 abc", func() []byte { return SHA512([]byte("abc")) },
			"ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
		{"SHA1 empty", func() []byte { return SHA1(nil) }, "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
		// RFC 4231 test case 2.
		{"HMACSHA256 RFC4231#2", func() []byte { return HMACSHA256([]byte("Jefe"), []byte("what do ya want for nothing?")) },
			"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
		{"HMACSHA512 RFC4231#2", func() []byte { return HMACSHA512([]byte("Jefe"), []byte("what do ya want for nothing?")) },
			"164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.fn()
			if want := mustHex(t, tt.want); !bytes.Equal(got, want) {
				t.Errorf("got %x, want %s", got, tt.want)
			}
		})
	}
}

func TestEncodings(t *testing.T) {
	b := []byte{0x00, 0xab, 0xcd, 0xef, 0xff}
	tests := []struct {
		name, got, want string
	}{
		{"HexUpper", HexUpper(b), "00ABCDEFFF"},
		{"HexLower", HexLower(b), "00abcdefff"},
		{"Base64", Base64(b), "AKvN7/8="},
		{"Base64 empty", Base64(nil), ""},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestEqual(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"", "", true},
		{"abc", "abc", true},
		{"abc", "abd", false},
		{"abc", "ab", false},
		{"ABC", "abc", false},
		{"S7UxUAohxaxzl35WxHyDfuQx0sg=", "S7UxUAohxaxzl35WxHyDfuQx0sg=", true},
	}
	for _, tt := range tests {
		if got := Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("Equal(%q, %q): got %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestISO88599(t *testing.T) {
	tests := []struct {
		in      string
		want    []byte
		wantErr string
	}{
		{in: "", want: []byte{}},
		{in: "ABC 123", want: []byte("ABC 123")},
		// ğüşıöç ĞÜŞİÖÇ in Latin-5.
		{in: "ğüşıöçĞÜŞİÖÇ", want: []byte{0xF0, 0xFC, 0xFE, 0xFD, 0xF6, 0xE7, 0xD0, 0xDC, 0xDE, 0xDD, 0xD6, 0xC7}},
		{in: "ZİRAAT", want: []byte{'Z', 0xDD, 'R', 'A', 'A', 'T'}},
		{in: "10€", wantErr: "U+20AC"},
		{in: "a\xffb", wantErr: "invalid UTF-8 at byte 1"},
	}
	for _, tt := range tests {
		got, err := ISO88599(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ISO88599(%q): got error %v, want one containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ISO88599(%q): got error %v, want none", tt.in, err)
			continue
		}
		if !bytes.Equal(got, tt.want) {
			t.Errorf("ISO88599(%q): got % X, want % X", tt.in, got, tt.want)
		}
	}
	// Latin-5 and UTF-8 bytes hash differently: the reason the helper exists.
	latin, _ := ISO88599("Ödeme")
	if bytes.Equal(SHA1(latin), SHA1([]byte("Ödeme"))) {
		t.Error("got equal SHA-1 for Latin-5 and UTF-8 bytes, want different")
	}
}

func TestConcatFields(t *testing.T) {
	form := url.Values{"a": {"1"}, "b": {"2"}, "c": {""}}
	tests := []struct {
		names, sep, want string
	}{
		{"a:b:c:", ":", "12"},
		{"b:a", ":", "21"},
		{"a+missing+b", "+", "12"},
		{"", ":", ""},
		{"a,,b", ",", "12"},
	}
	for _, tt := range tests {
		if got := ConcatFields(tt.names, tt.sep, form.Get); got != tt.want {
			t.Errorf("ConcatFields(%q, %q): got %q, want %q", tt.names, tt.sep, got, tt.want)
		}
	}
}

// nestpayVer3Plain builds a NestPay "ver3" hash plaintext (nestpay.md §7.1):
// values sorted by case-insensitive field name, "\" and "|" escaped, joined by
// "|", store key last.
func nestpayVer3Plain(t *testing.T, fields map[string]string, storeKey string) string {
	t.Helper()
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	esc := strings.NewReplacer(`\`, `\\`, `|`, `\|`)
	parts := make([]string, 0, len(names)+1)
	for _, n := range names {
		parts = append(parts, esc.Replace(fields[n]))
	}
	parts = append(parts, esc.Replace(storeKey))
	return strings.Join(parts, "|")
}

// TestBankWorkedExamples proves the helpers compose into the formulas of the
// bank references in shared/docs/banks (the vectors are quoted there).
func TestBankWorkedExamples(t *testing.T) {
	t.Run("NestPay ver3 3d_pay request (nestpay.md 10.1)", func(t *testing.T) {
		fields := map[string]string{
			"clientid": "190100000", "storetype": "3d_pay", "amount": "100.25", "oid": "order222",
			"okUrl": "https://domain.com/success", "failUrl": "https://domain.com/fail_url", "rnd": "rand",
			"lang": "tr", "currency": "949", "taksit": "", "islemtipi": "Auth", "firmaadi": "siparis veren",
			"Email": "test@test.com", "hashAlgorithm": "ver3",
		}
		plain := nestpayVer3Plain(t, fields, "123456")
		wantPlain := "100.25|190100000|949|test@test.com|https://domain.com/fail_url|siparis veren|ver3|Auth|tr|order222|https://domain.com/success|rand|3d_pay||123456"
		if plain != wantPlain {
			t.Fatalf("got plaintext %q, want %q", plain, wantPlain)
		}
		got := Base64(SHA512([]byte(plain)))
		want := "/uPxhEKWCEGi3NsDOOQ4u8Hu5g71v5GWspOid70WehTWEz97PqxG3IN1Jv5jsbOXOw3Z3Rr/0UtywzEgbqFfdA=="
		if !Equal(got, want) {
			t.Errorf("got %s, want %s", got, want)
		}
	})

	tests := []struct {
		name string
		got  func() string
		want string
	}{
		{"NestPay ver3 3d request (nestpay.md 10.2)", func() string {
			return Base64(SHA512([]byte("100.25|190100000|949|https://domain.com/fail_url|ver3|Auth|tr|order222|https://domain.com/success|12345|3d||123456")))
		}, "4aUsG5hqlIFLc9s8PKc5rWb2OLhmxDDewNgKa2XrwoYCIxlyVq8Fjl4IVaZzoqL983CfTseicmnTA0PjZr74xg=="},
		{"NestPay legacy SHA-1 request (nestpay.md 10.4)", func() string {
			return Base64(SHA1([]byte("700655000200order222100.25https://domain.com/successhttps://domain.com/fail_urlAuthrandTRPS0200")))
		}, "S7UxUAohxaxzl35WxHyDfuQx0sg="},
		{"NestPay legacy callback via HASHPARAMS (nestpay.md 10.5)", func() string {
			cb := url.Values{
				"clientid": {"700655000200"}, "oid": {"202204171C44"}, "mdStatus": {"0"}, "cavv": {""}, "eci": {""},
				"md":  {"435508:86D9842A9C594E17B28A2B9037FEB140E8EA480AED5FE19B5CEA446960AA03AA:4122:##700655000200"},
				"rnd": {"mzTLQAaM8W5GuQwu4BfD"},
			}
			return Base64(SHA1([]byte(ConcatFields("clientid:oid:mdStatus:cavv:eci:md:rnd:", ":", cb.Get) + "TRPS0200")))
		}, "e5KcIY797JNvjrkWjZSfHOa+690="},
		{"Garanti SecurityData (garanti.md 9.1)", func() string {
			return HexUpper(SHA1([]byte("123qweASD/" + "030691298")))
		}, "1639636D00AB5EF0B3CE073BB222BFAAC2C2C38D"},
		{"Garanti v512 secure3dhash (garanti.md 9.2)", func() string {
			sec := HexUpper(SHA1([]byte("123qweASD/030691298")))
			return HexUpper(SHA512([]byte("30691298order22210025949https://domain.com/successhttps://domain.com/fail_urlsales" + "12345678" + sec)))
		}, "372D6CB20B2B699D0A6667DFF46E3AA8CF3F9D8C2BB69A7C411895151FFCFAAB5277CCFE3B3A06035FEEFBFBFD40C79DBE51DBF867D0A24B37335A28F0CEFDE2"},
		{"POSNET first hash (posnet.md 6.4)", func() string {
			return Base64(SHA256([]byte("10,10,10,10,10,10,10,10;67005551")))
		}, "c1PPl+2UcdixyhgLYnf4VfJyFGaNQNOwE0uMkci7Uag="},
		{"POSNET request MAC (posnet.md 6.4)", func() string {
			first := Base64(SHA256([]byte("10,10,10,10,10,10,10,10;67005551")))
			return Base64(SHA256([]byte("TST_190620093100_024;175;TL;6706598320;" + first)))
		}, "nyeFSQ4J9NZVeCcEGCDomM8e2YIvoeIa/IDh2D3qaL4="},
		{"Akbank auth-hash (akbank.md 3)", func() string {
			key := "3230323330393034313735303032363031353172675f357637355f3273387373745f7233725f73323333383737335f323272383774767276327672323531355f"
			body := `{"terminal":{"merchantSafeId":"2023090417500272654BD9A49CF07574","terminalSafeId":"2023090417500284633D137A249DBBEB"},"version":"1.00","txnCode":"1010","requestDateTime":"2024-04-20T13:48:02.000","randomNumber":"59EED19EC4FA761B8D147F5175C915EFD69D193ED96114F9690505EDB02FF5FD3CB161A15FD5EFFB294177291DC27B2A9F58FB1DA6F2F4617762AF180A023A33","order":{"orderId":"2024042053E2"}}`
			return Base64(HMACSHA512([]byte(key), []byte(body)))
		}, "D07V9wUXfyPbn+L8jqd9plMfJKT3gSy22Z+yruzWsvuJBkQ63fz+wcWjTF2XurVjYtnR7wLGYTJYg0xjDCYAHA=="},
		{"Akbank 3D callback, UTF-8 BAŞARILI (akbank.md 7.2)", func() string {
			key := "3230323330393034313735303032363031353172675f357637355f3273387373745f7233725f73323333383737335f323272383774767276327672323531355f"
			cb := url.Values{
				"txnCode": {"3001"}, "responseCode": {"VPS-0000"}, "responseMessage": {"BAŞARILI"},
				"txnDateTime": {"2024-04-18T20:15:35.000"}, "merchantSafeId": {"2023090417500272654BD9A49CF07574"},
				"terminalSafeId": {"2023090417500284633D137A249DBBEB"}, "orderId": {"20240418BA6C"},
				"secureEcomInd": {"02"}, "secureId": {"VG8yV2tCRHpTSlpNN2VqcDJRS1k="}, "secureData": {"kBM8+wZGAAAAAAAAAAAAAAAAAAAA"},
				"secureMd": {"08A86B192287C69B2C443E7A42B29B5F46436C41DF8E159B4A232BB3D961940F"},
			}
			names := "txnCode+responseCode+responseMessage+txnDateTime+merchantSafeId+terminalSafeId+orderId+secureId+secureEcomInd+secureData+secureMd"
			return Base64(HMACSHA512([]byte(key), []byte(ConcatFields(names, "+", cb.Get))))
		}, "bFYReNscRIyo3EQQm18qB9iZEW5eqtx1UBAjwRAoVJuigugPKr4Rjcf4PgBHtrjg1IYFYAz8k3TCFcKWS0b4Xg=="},
		{"Tosla request hash (tosla.md 4)", func() string {
			return Base64(SHA512([]byte("POS_ENT_Test_001!*!*" + "1000000494" + "POS_ENT_Test_001" + "rand" + "20231209201121")))
		}, "BwZ05tt0aNgIgtrrqmlTwSIaeetpQyyGLH6xTsQbHae7ANCIVKmLHPxYWk5XP3Li5fr4La1bZS9/43OihP0dig=="},
		{"Tosla callback with ApiUser from config (tosla.md 6.3)", func() string {
			cb := url.Values{"ClientId": {"1000000494"}, "OrderId": {"202312034E91"}, "MdStatus": {"1"},
				"BankResponseCode": {"00"}, "BankResponseMessage": {""}, "RequestStatus": {"1"}}
			get := func(name string) string {
				if name == "ApiUser" {
					return "POS_ENT_Test_001"
				}
				return cb.Get(name)
			}
			names := "ClientId,ApiUser,OrderId,MdStatus,BankResponseCode,BankResponseMessage,RequestStatus"
			return Base64(SHA512([]byte("POS_ENT_Test_001!*!*" + ConcatFields(names, ",", get))))
		}, "CgibjWkLpfx+Cz6cVlbH1ViSW74ouKACVOW0Vrt2SfqPMt+V3hfIx/4LnOgcInFhPci/qcnIMgdN0RptHSmFOg=="},
		{"InterPOS callback via HASHPARAMS (interpos.md 8.2)", func() string {
			cb := url.Values{"PurchAmount": {"320"}, "Currency": {"949"},
				"OkUrl":   {"https://localhost/pos/examples/interpos/3d/success.php"},
				"FailUrl": {"https://localhost/pos/examples/interpos/3d/fail.php"}, "OrderId": {"20220327140D"},
				"ProcReturnCode": {"81"}, "mdStatus": {"0"}}
			names := "Version:PurchAmount:Exponent:Currency:OkUrl:FailUrl:MD:OrderId:ProcReturnCode:Response:mdStatus:"
			return Base64(SHA1([]byte(ConcatFields(names, ":", cb.Get) + "gDg1N")))
		}, "9DZVckklZFjuoA7sl4MN0l7VDMo="},
		{"PayFor request hash (payfor.md 8.1)", func() string {
			return Base64(SHA1([]byte("52020110828BC100.01http://localhost/finansbank-payfor/3d/response.phphttp://localhost/finansbank-payfor/3d/response.phpAuth00.43625700 160483163012345678")))
		}, "zmSUxYPhmCj7QOzqpk/28LuE1Oc="},
		{"Kuveyt HashData over hashed password (kuveytturk.md 4)", func() string {
			hashedPassword := Base64(SHA1([]byte("Api123")))
			return Base64(SHA1([]byte("80" + "ORDER-123" + "7256" + "apiuser" + hashedPassword)))
		}, "Bf+hZf2c1gf1pTXnEaSGxDpGRr0="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got(); !Equal(got, tt.want) {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func BenchmarkBase64SHA512(b *testing.B) {
	msg := []byte("100.25|190100000|949|https://domain.com/fail_url|ver3|Auth|tr|order222|https://domain.com/success|12345|3d||123456")
	for b.Loop() {
		_ = Base64(SHA512(msg))
	}
}
