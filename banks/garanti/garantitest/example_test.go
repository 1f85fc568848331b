package garantitest_test

import (
	"context"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/sanalpos/vpos/banks/garanti/garantitest"
	"github.com/sanalpos/vpos/vpostest"
)

// A sale against the fake bank with a GVPSRequest built by hand, as
// garanti.md §3 and §6.2 describe it. (An application would use the
// Garanti adapter, pointed at APIURL and GateURL with these credentials.)
func ExampleNewServer() {
	bank := garantitest.NewServer()
	defer bank.Close()
	creds := bank.Credentials()
	card := bank.Cards().Approve

	upper := func(b []byte) string { return strings.ToUpper(hex.EncodeToString(b)) }
	sd := sha1.Sum([]byte(creds.ProvPassword + "0" + creds.TerminalID)) // terminal id padded to 9 digits
	hash := sha512.Sum512([]byte("ORDER-1001" + creds.TerminalID + card.Number + "12550" + "949" + upper(sd[:])))

	body := `<?xml version="1.0" encoding="UTF-8"?><GVPSRequest><Mode>TEST</Mode><Version>512</Version>` +
		`<Terminal><ProvUserID>PROVAUT</ProvUserID><HashData>` + upper(hash[:]) + `</HashData><UserID>PROVAUT</UserID>` +
		`<ID>` + creds.TerminalID + `</ID><MerchantID>` + creds.MerchantID + `</MerchantID></Terminal>` +
		`<Customer><IPAddress>203.0.113.7</IPAddress><EmailAddress></EmailAddress></Customer>` +
		`<Card><Number>` + card.Number + `</Number><ExpireDate>` + card.ExpiryMMYY() + `</ExpireDate><CVV2>` + card.CVV + `</CVV2></Card>` +
		`<Order><OrderID>ORDER-1001</OrderID><GroupID></GroupID></Order>` +
		`<Transaction><Type>sales</Type><InstallmentCnt></InstallmentCnt><Amount>12550</Amount><CurrencyCode>949</CurrencyCode>` +
		`<CardholderPresentCode>0</CardholderPresentCode><MotoInd>N</MotoInd></Transaction></GVPSRequest>`

	resp, err := bank.HTTPClient().Post(bank.APIURL(), "text/xml", strings.NewReader(body))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var rep struct {
		Transaction struct {
			Response         struct{ Source, Code, ReasonCode, Message string }
			CardNumberMasked string
		}
	}
	if err := xml.NewDecoder(resp.Body).Decode(&rep); err != nil {
		fmt.Println(err)
		return
	}
	r := rep.Transaction.Response
	fmt.Println(r.Source, r.Code, r.ReasonCode, r.Message, rep.Transaction.CardNumberMasked)
	o, _ := bank.Ledger().Order("ORDER-1001")
	fmt.Println("booked:", o.Amount, o.Currency, o.Status)
	// Output:
	// HOST 00 00 Approved 400000******0006
	// booked: 12550 TRY approved
}

// The programmatic shopper: the 3D_PAY form goes to the gate, the ACS
// answers and the bank provisions; the callback is signed with hashparams
// and the store key.
func ExampleServer_ACS() {
	bank := garantitest.NewServer()
	defer bank.Close()
	form := newForm(bank, false, "3D_PAY", "ORDER-3D-1", "15075", bank.Cards().ThreeD)

	cb, err := bank.ACS(context.Background(), form, vpostest.ACSSuccess)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cb.Get("mdstatus"), cb.Get("response"), cb.Get("procreturncode"), cb.Get("MaskedPan"))
	fmt.Println(cb.Get("hashparams"))
	fmt.Println("hash ok:", cb.Get("hash") == tCallbackHash(cb, bank.Credentials().StoreKey, false))
	// Output:
	// 1 Approved 00 40000099****0003
	// clientid:oid:authcode:procreturncode:response:mdstatus:cavv:eci:md:rnd:
	// hash ok: true
}
