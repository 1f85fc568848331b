package posnetv1test_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/sanalpos/vpos/banks/posnetv1/posnetv1test"
)

// A non-3D sale against the fake bank with a request built by hand, as
// posnet.md §10 describes it. (An application would use the POSNET V1
// adapter, pointed at APIURL and GateURL with these credentials.)
func ExampleNewServer() {
	bank := posnetv1test.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().Approve
	exp := card.ExpiryMMYY()[2:] + card.ExpiryMMYY()[:2] // YYMM

	req := map[string]any{
		"ApiType": "JSON", "ApiVersion": "V100", "MerchantNo": c.MerchantNo, "TerminalNo": c.TerminalNo,
		"CardInformationData": map[string]string{"CardNo": card.Number, "Cvc2": card.CVV, "ExpireDate": exp},
		"Amount":              12550, "CurrencyCode": "TL", "OrderId": "000000000000ORDER-42", "InstallmentCount": "0",
		"MACParams": "MerchantNo:TerminalNo:CardNo:Cvc2:ExpireDate:Amount",
		"MAC":       posnetv1test.MAC(c.EncKey, c.MerchantNo, c.TerminalNo, card.Number, card.CVV, exp, "12550"),
	}
	body, _ := json.Marshal(req)
	resp, err := bank.HTTPClient().Post(bank.APIURL()+"/Sale", "application/json", bytes.NewReader(body))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var reply struct {
		ServiceResponseData struct{ ResponseCode, ResponseDescription string }
	}
	_ = json.Unmarshal(raw, &reply)
	fmt.Println(reply.ServiceResponseData.ResponseCode, reply.ServiceResponseData.ResponseDescription)
	o, _ := bank.Ledger().Order("ORDER-42")
	fmt.Println("booked:", o.Amount, o.Currency, o.Status)
	// Output:
	// 00 Onaylandı
	// booked: 12550 TRY approved
}

// The 3D form MAC of posnet.md §10's worked example.
func ExampleMAC() {
	fmt.Println(posnetv1test.MAC("10,10,10,10,10,10,10,10", "6700950031", "67540050", "5400619360964581", "056", "2001", "175"))
	// Output: xuhPbpcPJ6kVs7JeIXS8f06Cv0mb9cNPMfjp1HiB7Ew=
}
