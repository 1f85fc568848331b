package payflextest_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"

	"github.com/sanalpos/vpos/banks/payflex/payflextest"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// A non-3D sale with a VposRequest built by hand and sent as prmstr
// (payflex.md §5). An application would use the PayFlex adapter pointed at
// VPOSURL with these credentials.
func ExampleNewServer() {
	bank := payflextest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().Approve
	prmstr := "<VposRequest><MerchantId>" + c.MerchantID + "</MerchantId><Password>" + c.Password + "</Password>" +
		"<TerminalNo>" + c.TerminalNo + "</TerminalNo><TransactionType>Sale</TransactionType><OrderId>ORDER-1001</OrderId>" +
		"<CurrencyAmount>125.50</CurrencyAmount><CurrencyCode>949</CurrencyCode><ClientIp>203.0.113.7</ClientIp>" +
		"<TransactionDeviceSource>0</TransactionDeviceSource><Pan>" + card.Number + "</Pan>" +
		fmt.Sprintf("<Expiry>%04d%02d</Expiry>", card.ExpYear, card.ExpMonth) + "<Cvv>" + card.CVV + "</Cvv></VposRequest>"
	resp, err := bank.HTTPClient().PostForm(bank.VPOSURL(), url.Values{"prmstr": {prmstr}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var r struct{ ResultCode, ResultDetail, CurrencyAmount string }
	if err := xml.NewDecoder(resp.Body).Decode(&r); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.ResultCode, r.ResultDetail, r.CurrencyAmount)
	o, _ := bank.Ledger().Order("ORDER-1001")
	fmt.Println("booked:", o.Amount, o.Currency, o.Status)
	// Output:
	// 0000 İŞLEM BAŞARILI 125.50
	// booked: 12550 TRY approved
}

// MPI 3-D Secure: enrollment, then the shopper at the ACS; the unsigned
// callback the MPI would post to SuccessUrl.
func ExampleServer_ACS() {
	bank := payflextest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().ThreeD
	resp, err := bank.HTTPClient().PostForm(bank.MPIURL(), url.Values{
		"MerchantId": {c.MerchantID}, "MerchantPassword": {c.Password}, "MerchantType": {c.MerchantType},
		"PurchaseAmount": {"1.01"}, "VerifyEnrollmentRequestId": {"ce06048a3e9c0cd1d437803fb38b5ad0"}, "Currency": {"949"},
		"SuccessUrl": {"https://shop.example/ok"}, "FailureUrl": {"https://shop.example/fail"}, "Pan": {card.Number},
		"ExpiryDate": {fmt.Sprintf("%02d%02d", card.ExpYear%100, card.ExpMonth)}, "BrandName": {"100"}, "IsRecurring": {"false"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var e struct {
		VERes struct{ Status, PaReq, TermUrl, MD, ACSUrl string } `xml:"Message>VERes"`
	}
	if err := xml.NewDecoder(resp.Body).Decode(&e); err != nil {
		fmt.Println(err)
		return
	}
	form := &threed.Form{Action: e.VERes.ACSUrl, Method: "POST",
		Fields: url.Values{"PaReq": {e.VERes.PaReq}, "TermUrl": {e.VERes.TermUrl}, "MD": {e.VERes.MD}}}
	cb, err := bank.ACS(context.Background(), form, vpostest.ACSSuccess)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.VERes.Status, cb.Get("Status"), cb.Get("Eci"), cb.Get("PurchAmount"), cb.Get("Pan"))
	fmt.Println("signed fields: none;", strings.Contains(strings.Join(bank.UnsignedCallbackFields(), ","), "Status"))
	// Output:
	// Y Y 05 101 400000******0003
	// signed fields: none; true
}
