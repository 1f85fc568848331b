package payfortest_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"

	"github.com/sanalpos/vpos/banks/payfor/payfortest"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// A non-3D sale with a PayforRequest built by hand (payfor.md §3). An
// application would use the PayFor adapter pointed at APIURL with these
// credentials.
func ExampleNewServer() {
	bank := payfortest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().Approve
	body := "<PayforRequest><MbrId>" + c.MbrID + "</MbrId><MerchantId>" + c.MerchantID + "</MerchantId>" +
		"<UserCode>" + c.UserCode + "</UserCode><UserPass>" + c.UserPass + "</UserPass><MOTO>0</MOTO>" +
		"<OrderId>ORDER-1001</OrderId><SecureType>NonSecure</SecureType><TxnType>Auth</TxnType>" +
		"<PurchAmount>125.50</PurchAmount><Currency>949</Currency><InstallmentCount>0</InstallmentCount><Lang>TR</Lang>" +
		"<Pan>" + card.Number + "</Pan>" + fmt.Sprintf("<Expiry>%02d%02d</Expiry>", card.ExpMonth, card.ExpYear%100) +
		"<Cvv2>" + card.CVV + "</Cvv2></PayforRequest>"
	resp, err := bank.HTTPClient().Post(bank.APIURL(), "text/xml; charset=UTF-8", strings.NewReader(body))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var r struct{ ProcReturnCode, TransId, ErrMsg string }
	if err := xml.NewDecoder(resp.Body).Decode(&r); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.ProcReturnCode, r.TransId, r.ErrMsg)
	o, _ := bank.Ledger().Order("ORDER-1001")
	fmt.Println("booked:", o.Amount, o.Currency, o.Status)
	// Output:
	// 00 ORDER-1001 Onaylandı
	// booked: 12550 TRY approved
}

// 3DPay: the merchant's form with the request Hash (payfor.md §5.1, §6),
// the shopper at the ACS, and the signed callback the bank posts to OkUrl.
func ExampleServer_ACS() {
	bank := payfortest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().ThreeD
	fields := url.Values{
		"MbrId": {c.MbrID}, "MerchantID": {c.MerchantID}, "UserCode": {c.UserCode}, "SecureType": {"3DPay"},
		"TxnType": {"Auth"}, "InstallmentCount": {"0"}, "Currency": {"949"}, "OrderId": {"ORDER-3D-1"},
		"OkUrl": {"https://shop.example/ok"}, "FailUrl": {"https://shop.example/fail"}, "OrgOrderId": {""},
		"PurchAmount": {"1.01"}, "Lang": {"tr"}, "Rnd": {"0.43625700 1604831630"}, "CardHolderName": {card.Holder},
		"Pan": {card.Number}, "Expiry": {fmt.Sprintf("%02d%02d", card.ExpMonth, card.ExpYear%100)}, "Cvv2": {card.CVV},
	}
	fields.Set("Hash", payfortest.RequestHash(fields, c.MerchantPass))
	form := &threed.Form{Action: bank.Gate3DURL(), Method: "POST", Fields: fields}
	cb, err := bank.ACS(context.Background(), form, vpostest.ACSSuccess)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cb.Get("3DStatus"), cb.Get("ProcReturnCode"), cb.Get("TxnResult"), cb.Get("CardMask"), cb.Get("ReturnUrl"))
	fmt.Println("signed:", cb.Get("ResponseHash") == payfortest.ResponseHash(cb, c.MerchantPass, c.UserCode))
	// Output:
	// 1 00 Success 400000******0003 https://shop.example/ok
	// signed: true
}
