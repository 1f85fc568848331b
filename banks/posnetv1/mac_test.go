package posnetv1

import (
	"net/url"
	"testing"
)

const testEncKey = "10,10,10,10,10,10,10,10"

// TestWorkedExamples checks posnet.md §10's worked examples (recomputed
// there from mewebstudio's PosNetV1PosCryptTest).
func TestWorkedExamples(t *testing.T) {
	for _, tc := range []struct{ name, got, want string }{
		{"3D form", FormMAC("6700950031", "67540050", "5400619360964581", "056", "2001", "175", testEncKey),
			"xuhPbpcPJ6kVs7JeIXS8f06Cv0mb9cNPMfjp1HiB7Ew="},
		{"provision", ProvisionMAC("6700950031", "67540050", "1010028947569644", "jKOBaLBL3hQ+CREBPu1HBQQAAAA=", "02", "1", testEncKey),
			"kAKxvbwXvmrM6lapGx1UcRTs454tsSuPrBXV7oA7L7w="},
		{"callback", MACOf(testEncKey, CallbackMacParams, url.Values{
			"ECI": {"02"}, "CAVV": {"jKOBaLBL3hQ+CREBPu1HBQQAAAA="}, "MdStatus": {"1"}, "MdErrorMessage": {"Authenticated"},
			"MD": {"0161010028947569644,0161010028947569644"}, "SecureTransactionId": {"1010028947569644"}}.Get),
			"r21kMm4nMqvJakjq47Jl+3fk2xrFPrDoTJFQGxkgkfk="},
	} {
		if tc.got != tc.want {
			t.Errorf("%s MAC = %s, want %s", tc.name, tc.got, tc.want)
		}
	}
}

// TestRequestMAC checks that a request's MAC follows its MACParams,
// nested fields included.
func TestRequestMAC(t *testing.T) {
	p := testProvider(t)
	r := p.newRequest("Reverse", "X", macParamsRef)
	r.ReferenceCode = "021459486690000191"
	r.MerchantNo, r.TerminalNo = "6700950031", "67540050"
	if _, err := p.encode(r); err != nil {
		t.Fatal(err)
	}
	if want := MAC(testEncKey, "6700950031", "67540050", "021459486690000191", ""); r.MAC != want {
		t.Errorf("Reverse MAC = %s, want %s", r.MAC, want)
	}
	// mewebstudio's hashFromParams vector for this request.
	if want := "qhLo/2Ro+vT81i0SMV/VHifDV9VzQQgK+7d8hlId9YM="; r.MAC != want {
		t.Errorf("Reverse MAC = %s, want mewebstudio fixture %s", r.MAC, want)
	}
	s := p.chargeRequest("Sale", benchSale)
	if _, err := p.encode(s); err != nil {
		t.Fatal(err)
	}
	c := s.CardInformationData
	if want := FormMAC(p.cfg.MerchantNo, p.cfg.TerminalNo, c.CardNo, c.Cvc2, c.ExpireDate, "15075", testEncKey); s.MAC != want {
		t.Errorf("Sale MAC = %s, want %s", s.MAC, want)
	}
}
