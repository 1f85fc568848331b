package posnettest_test

import (
	"fmt"
	"io"
	"net/url"

	"github.com/sanalpos/vpos/banks/posnet/posnettest"
)

// A sale against the fake bank with a posnetRequest built by hand, as
// posnet.md §4 describes it. (An application would use the POSNET adapter,
// pointed at APIURL and GateURL with these credentials.)
func ExampleNewServer() {
	bank := posnettest.NewServer()
	defer bank.Close()
	creds := bank.Credentials()
	card := bank.Cards().Approve
	exp := card.ExpiryMMYY()[2:] + card.ExpiryMMYY()[:2] // YYMM

	doc := `<?xml version="1.0" encoding="ISO-8859-9"?><posnetRequest><mid>` + creds.MerchantID + `</mid><tid>` +
		creds.TerminalID + `</tid><sale><orderID>0000000000000000ORDER-42</orderID><installment>00</installment>` +
		`<amount>12550</amount><currencyCode>TL</currencyCode><ccno>` + card.Number + `</ccno><expDate>` + exp +
		`</expDate><cvc>` + card.CVV + `</cvc></sale></posnetRequest>`
	resp, err := bank.HTTPClient().PostForm(bank.APIURL(), url.Values{"xmldata": {doc}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(string(body[:102]))
	o, _ := bank.Ledger().Order("ORDER-42")
	fmt.Println("booked:", o.Amount, o.Currency, o.Status)
	// Output:
	// <?xml version="1.0" encoding="ISO-8859-9"?><posnetResponse><approved>1</approved><respCode></respCode>
	// booked: 12550 TRY approved
}

// The MAC of oosResolveMerchantData and oosTranData (posnet.md §6.4).
func ExampleRequestMAC() {
	fh := posnettest.FirstHash("10,10,10,10,10,10,10,10", "67005551")
	fmt.Println(posnettest.RequestMAC("000000002020110828BC", "10001", "TL", "6706598320", fh))
	// Output: oE7zwV87uOc2DFpGPlr4jQRQ0z9LsxGw56c7vaiZkTo=
}
