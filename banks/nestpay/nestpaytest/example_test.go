package nestpaytest_test

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/charmap"

	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
)

// cc5Response holds the reply fields the example prints.
type cc5Response struct {
	OrderID        string `xml:"OrderId"`
	Response       string `xml:"Response"`
	ProcReturnCode string `xml:"ProcReturnCode"`
	ErrMsg         string `xml:"ErrMsg"`
	Extra          struct {
		ErrorCode string `xml:"ERRORCODE"`
		TransStat string `xml:"TRANS_STAT"`
	} `xml:"Extra"`
}

// Example sends raw CC5Request documents to the fake bank: a sale with the
// test card that has insufficient funds, an approved sale, its void and an
// order status query. Replies are ISO-8859-9.
func Example() {
	bank := nestpaytest.NewServer()
	defer bank.Close()
	creds := bank.Credentials()
	client := bank.HTTPClient()

	call := func(body string) cc5Response {
		doc := `<?xml version="1.0" encoding="UTF-8"?><CC5Request>` +
			"<Name>" + creds.User + "</Name><Password>" + creds.Password + "</Password>" +
			"<ClientId>" + creds.ClientID + "</ClientId>" + body + "</CC5Request>"
		resp, err := client.Post(bank.APIURL(), "text/xml; charset=utf-8", strings.NewReader(doc))
		if err != nil {
			panic(err)
		}
		defer resp.Body.Close()
		dec := xml.NewDecoder(resp.Body)
		dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
			return charmap.ISO8859_9.NewDecoder().Reader(in), nil
		}
		var r cc5Response
		if err := dec.Decode(&r); err != nil {
			panic(err)
		}
		return r
	}
	sale := func(order string, card string) string {
		c := bank.Cards().Approve
		return fmt.Sprintf("<Type>Auth</Type><OrderId>%s</OrderId><Total>100.25</Total><Currency>949</Currency>"+
			"<Taksit></Taksit><Number>%s</Number><Expires>%02d/%02d</Expires><Cvv2Val>%s</Cvv2Val><Mode>P</Mode>",
			order, card, c.ExpMonth, c.ExpYear%100, c.CVV)
	}

	r := call(sale("ORDER-1", bank.Cards().InsufficientFunds.Number))
	fmt.Println(r.Response, r.ProcReturnCode, r.Extra.ErrorCode, r.ErrMsg)

	r = call(sale("ORDER-2", bank.Cards().Approve.Number))
	fmt.Println(r.OrderID, r.Response, r.ProcReturnCode)

	r = call("<Type>Void</Type><OrderId>ORDER-2</OrderId>")
	fmt.Println("void:", r.Response)

	r = call("<Type>Void</Type><OrderId>ORDER-2</OrderId>")
	fmt.Println("void again:", r.Response, r.Extra.ErrorCode, r.ErrMsg)

	r = call("<OrderId>ORDER-2</OrderId><Extra><ORDERSTATUS>QUERY</ORDERSTATUS></Extra>")
	fmt.Println("status:", r.ErrMsg, r.Extra.TransStat)

	fmt.Println("booked:", bank.Ledger().Bookings(), "requests:", bank.Faults().Requests())
	// Output:
	// Declined 51 ISO8583-51 Yetersiz bakiye.
	// ORDER-2 Approved 00
	// void: Approved
	// void again: Error CORE-2008 İptal edilmeye uygun satış işlemi bulunamadı.
	// status: Record(s) found for ORDER-2 V
	// booked: 1 requests: 5
}
