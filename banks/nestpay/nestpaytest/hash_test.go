package nestpaytest

import (
	"net/url"
	"sort"
	"testing"
)

// The worked examples of nestpay.md §10.
func TestHashVer3WorkedExamples(t *testing.T) {
	tests := []struct {
		name      string
		fields    url.Values
		key       string
		plaintext string
		want      string
	}{
		{
			name: "10.1 3d_pay request",
			fields: url.Values{
				"clientid": {"190100000"}, "storetype": {"3d_pay"}, "amount": {"100.25"}, "oid": {"order222"},
				"okUrl": {"https://domain.com/success"}, "failUrl": {"https://domain.com/fail_url"}, "rnd": {"rand"},
				"lang": {"tr"}, "currency": {"949"}, "taksit": {""}, "islemtipi": {"Auth"}, "firmaadi": {"siparis veren"},
				"Email": {"test@test.com"}, "hashAlgorithm": {"ver3"},
			},
			key:       "123456",
			plaintext: "100.25|190100000|949|test@test.com|https://domain.com/fail_url|siparis veren|ver3|Auth|tr|order222|https://domain.com/success|rand|3d_pay||123456",
			want:      "/uPxhEKWCEGi3NsDOOQ4u8Hu5g71v5GWspOid70WehTWEz97PqxG3IN1Jv5jsbOXOw3Z3Rr/0UtywzEgbqFfdA==",
		},
		{
			name: "10.2 3d request",
			fields: url.Values{
				"clientid": {"190100000"}, "storetype": {"3d"}, "amount": {"100.25"}, "oid": {"order222"},
				"okUrl": {"https://domain.com/success"}, "failUrl": {"https://domain.com/fail_url"}, "rnd": {"12345"},
				"hashAlgorithm": {"ver3"}, "lang": {"tr"}, "currency": {"949"}, "islemtipi": {"Auth"}, "taksit": {""},
			},
			key:       "123456",
			plaintext: "100.25|190100000|949|https://domain.com/fail_url|ver3|Auth|tr|order222|https://domain.com/success|12345|3d||123456",
			want:      "4aUsG5hqlIFLc9s8PKc5rWb2OLhmxDDewNgKa2XrwoYCIxlyVq8Fjl4IVaZzoqL983CfTseicmnTA0PjZr74xg==",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Ver3Plaintext(tc.fields, tc.key); got != tc.plaintext {
				t.Errorf("plaintext = %q, want %q", got, tc.plaintext)
			}
			if got := HashVer3(tc.fields, tc.key); got != tc.want {
				t.Errorf("HashVer3 = %q, want %q", got, tc.want)
			}
			if got := ver3(tc.fields, tc.key); got != tc.want {
				t.Errorf("test's own ver3 = %q, want %q", got, tc.want)
			}
			// hash and encoding are left out.
			f := url.Values{}
			for k, v := range tc.fields {
				f[k] = v
			}
			f.Set("hash", "anything")
			f.Set("encoding", "ISO-8859-9")
			if got := HashVer3(f, tc.key); got != tc.want {
				t.Errorf("with hash and encoding: %q, want %q", got, tc.want)
			}
		})
	}
}

// ziraatCallback is the real Ziraat 3d_pay sandbox callback of nestpay.md
// §10.3 (mewebstudio/pos EstV3PosCryptTest threeDHashCheckDataProvider,
// store key 123456); nulls are empty strings.
func ziraatCallback() url.Values {
	m := map[string]string{
		"ReturnOid": "202210308C0F", "TRANID": "", "hashAlgorithm": "ver3", "PAResSyntaxOK": "true",
		"firmaadi": "John Doe", "islemtipi": "Auth", "lang": "tr", "merchantID": "190200000",
		"maskedCreditCard": "4355 08** **** 4358", "amount": "1.01", "sID": "1", "ACQBIN": "454672",
		"Ecom_Payment_Card_ExpDate_Year": "26", "EXTRA_CARDBRAND": "VISA", "Email": "mail@customer.com",
		"MaskedPan": "435508***4358", "acqStan": "184784", "merchantName": "Ziraat 3D_Pay",
		"clientIp": "89.244.149.137", "EXTRA_KAZANILANPUAN": "000000010.00",
		"okUrl":          "http://localhost/akbank/3d-pay/response.php",
		"md":             "435508:51104213993AC8DFE8839C7F7E391B461115D09A1D88948C8ACE421D7D7EAA5A:3545:##190200000",
		"ProcReturnCode": "00", "payResults_dsId": "1", "taksit": "", "TransId": "22303RqiC11252",
		"EXTRA_TRXDATE": "20221030 17:42:33", "Ecom_Payment_Card_ExpDate_Month": "12", "storetype": "3d_pay",
		"Response": "Approved", "SettleId": "2383",
		"mdErrorMsg": "Y-status/Challenge authentication via ACS: https://3ds-acs.test.modirum.com/mdpayacs/creq?token=214711321.1667140951.Ud_jQl3B2l1",
		"ErrMsg":     "", "PAResVerified": "true", "cavv": "ABABBCgghAAAAABllJMDdZdTdic=", "digest": "digest",
		"HostRefNum": "230317184784", "callbackCall": "true", "AuthCode": "216981",
		"failUrl": "http://localhost/akbank/3d-pay/response.php", "xid": "N1An1iS5iN4u/1VWS6CgzSGRtN0=",
		"encoding": "ISO-8859-9", "currency": "949", "oid": "202210308C0F", "mdStatus": "1", "dsId": "1",
		"eci": "05", "version": "2.0", "EXTRA_CARDISSUER": "AKBANK T.A.S.", "clientid": "190200000",
		"txstatus": "Y", "rnd": "J/jGATA5LLVaMfpU+Yyu",
		"HASH": "jVgcwtx4vxxAcX8+ajsrrzp77k9uaGu1pjDQfCpoUG95y2MwwGipc6cF3kESiTphjV8/1ESSc6zg9KyTSxUnzA==",
	}
	v := url.Values{}
	for k, s := range m {
		v.Set(k, s)
	}
	return v
}

func TestHashVer3RealCallback(t *testing.T) {
	cb := ziraatCallback()
	want := cb.Get("HASH")
	if got := HashVer3(cb, "123456"); got != want {
		t.Errorf("HashVer3(callback) = %q, want %q", got, want)
	}
	if got := ver3(cb, "123456"); got != want {
		t.Errorf("test's own ver3(callback) = %q, want %q", got, want)
	}
	cb.Set("mdStatus", "")
	if got := HashVer3(cb, "123456"); got == want {
		t.Errorf("HashVer3 with empty mdStatus still matches")
	}
}

func TestHashVer3Escaping(t *testing.T) {
	f := url.Values{"a": {`x|y`}, "b": {`c:\d`}, "c": {`\|`}}
	if got, want := Ver3Plaintext(f, `k|\`), `x\|y|c:\\d|\\\||k\|\\`; got != want {
		t.Errorf("plaintext = %q, want %q", got, want)
	}
	if got, want := HashVer3(f, `k|\`), ver3(f, `k|\`); got != want {
		t.Errorf("HashVer3 = %q, test's ver3 = %q", got, want)
	}
}

func TestNaturalOrder(t *testing.T) {
	names := []string{"field10", "Field2", "amount", "BillToStreet1", "billToName", "field1", "ZZ", "a"}
	sort.Slice(names, func(i, j int) bool { return natCaseCompare(names[i], names[j]) < 0 })
	want := []string{"a", "amount", "billToName", "BillToStreet1", "field1", "Field2", "field10", "ZZ"}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("natural order = %v, want %v", names, want)
		}
	}
}

func TestHashLegacyWorkedExamples(t *testing.T) {
	// §10.4: request hash.
	if got, want := HashLegacyRequest("700655000200", "order222", "100.25", "https://domain.com/success",
		"https://domain.com/fail_url", "Auth", "", "rand", "TRPS0200"), "S7UxUAohxaxzl35WxHyDfuQx0sg="; got != want {
		t.Errorf("HashLegacyRequest = %q, want %q", got, want)
	}
	if got, want := sha1b64("700655000200order222100.25https://domain.com/successhttps://domain.com/fail_urlAuthrandTRPS0200"),
		"S7UxUAohxaxzl35WxHyDfuQx0sg="; got != want {
		t.Errorf("test's own SHA-1 = %q, want %q", got, want)
	}
	// §10.5: callback hash.
	cb := url.Values{
		"clientid": {"700655000200"}, "oid": {"202204171C44"}, "mdStatus": {"0"}, "cavv": {""}, "eci": {""},
		"md":  {"435508:86D9842A9C594E17B28A2B9037FEB140E8EA480AED5FE19B5CEA446960AA03AA:4122:##700655000200"},
		"rnd": {"mzTLQAaM8W5GuQwu4BfD"},
	}
	hash, val := HashLegacyCallback(cb, "clientid:oid:mdStatus:cavv:eci:md:rnd:", "TRPS0200")
	if want := "e5KcIY797JNvjrkWjZSfHOa+690="; hash != want {
		t.Errorf("HashLegacyCallback = %q, want %q", hash, want)
	}
	if want := "700655000200202204171C440" + cb.Get("md") + "mzTLQAaM8W5GuQwu4BfD"; val != want {
		t.Errorf("HASHPARAMSVAL = %q, want %q", val, want)
	}
}
