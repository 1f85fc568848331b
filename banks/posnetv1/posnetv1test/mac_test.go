package posnetv1test_test

import (
	"testing"

	"github.com/sanalpos/vpos/banks/posnetv1/posnetv1test"
)

// The worked examples of posnet.md §10.
func TestMACWorkedExamples(t *testing.T) {
	const key = "10,10,10,10,10,10,10,10"
	for _, c := range []struct {
		name   string
		values []string
		want   string
	}{
		{"3D form", []string{"6700950031", "67540050", "5400619360964581", "056", "2001", "175"},
			"xuhPbpcPJ6kVs7JeIXS8f06Cv0mb9cNPMfjp1HiB7Ew="},
		{"provision", []string{"6700950031", "67540050", "1010028947569644", "jKOBaLBL3hQ+CREBPu1HBQQAAAA=", "02", "1"},
			"kAKxvbwXvmrM6lapGx1UcRTs454tsSuPrBXV7oA7L7w="},
		{"callback", []string{"02", "jKOBaLBL3hQ+CREBPu1HBQQAAAA=", "1", "Authenticated",
			"0161010028947569644,0161010028947569644", "1010028947569644"},
			"r21kMm4nMqvJakjq47Jl+3fk2xrFPrDoTJFQGxkgkfk="},
	} {
		if got := posnetv1test.MAC(key, c.values...); got != c.want {
			t.Errorf("%s: MAC = %s, want %s", c.name, got, c.want)
		}
	}
}

// The fake accepts a request signed as the worked example is: the 3D
// form's MAC formula applied to a non-3D Sale of the example account.
func TestServerAcceptsWorkedExampleAccount(t *testing.T) {
	bank := posnetv1test.NewServer(posnetv1test.WithCredentials(posnetv1test.Credentials{
		MerchantNo: "6700950031", TerminalNo: "67540050"}))
	defer bank.Close()
	body := tReq{
		"CardInformationData": tReq{"CardNo": "5400619360964581", "Cvc2": "056", "ExpireDate": "2001"},
		"Amount":              175, "CurrencyCode": "TL", "OrderId": tPad("WORKED1", 20), "InstallmentCount": "0",
		"MAC": "xuhPbpcPJ6kVs7JeIXS8f06Cv0mb9cNPMfjp1HiB7Ew=",
	}
	// 2001 is a past expiry: the MAC is accepted and the card refused.
	tWant(t, tPost(t, bank, "Sale", body, "MerchantNo:TerminalNo:CardNo:Cvc2:ExpireDate:Amount"), "0054")
	body["MAC"] = "xuhPbpcPJ6kVs7JeIXS8f06Cv0mb9cNPMfjp1HiB7Ew=x"
	tWant(t, tPost(t, bank, "Sale", body, "MerchantNo:TerminalNo:CardNo:Cvc2:ExpireDate:Amount"), "E216")
}
