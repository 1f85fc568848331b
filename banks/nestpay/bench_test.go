package nestpay_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/nestpay"
	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
)

var benchSeq atomic.Int64

func benchOrder() string { return fmt.Sprintf("BENCH%015d", benchSeq.Add(1)) }

// BenchmarkClientSale is a full sale through vpos.Client (validation,
// store, at-most-once bookkeeping, redacted exchange, request build, reply
// parse) against the fake bank over loopback. Compare with
// BenchmarkRawPOST: the ratio of the two is the library's overhead.
func BenchmarkClientSale(b *testing.B) {
	bank := nestpaytest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	client, err := nestpay.Open(nestpay.Config{
		ClientID: c.ClientID, User: c.User, Password: c.Password, StoreKey: c.StoreKey,
		Endpoint: nestpay.Endpoint{API: bank.APIURL(), Gate3D: bank.GateURL()},
	}, &vpos.Options{HTTPClient: bank.HTTPClient()})
	if err != nil {
		b.Fatal(err)
	}
	card := bank.Cards().Approve
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		_, err := client.Sale(ctx, &vpos.SaleRequest{
			OrderID: benchOrder(), Amount: 10025, Currency: vpos.TRY, Card: card,
			CustomerIP: "192.0.2.10", CustomerEmail: "ayşe.yılmaz@örnek.com.tr", CustomerName: "Ayşe Yılmaz",
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProviderSale is the same sale through the Provider alone
// (request build, vpos.Transport, reply parse), without the Client: the
// difference to BenchmarkClientSale is the Client's own work, the
// difference to BenchmarkRawPOST the adapter's and the Transport's.
func BenchmarkProviderSale(b *testing.B) {
	bank := nestpaytest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	p, err := nestpay.New(nestpay.Config{
		ClientID: c.ClientID, User: c.User, Password: c.Password, StoreKey: c.StoreKey,
		Endpoint: nestpay.Endpoint{API: bank.APIURL(), Gate3D: bank.GateURL()},
	}, &vpos.Options{HTTPClient: bank.HTTPClient()})
	if err != nil {
		b.Fatal(err)
	}
	card := bank.Cards().Approve
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res, err := p.Sale(ctx, &vpos.SaleRequest{
			OrderID: benchOrder(), Amount: 10025, Currency: vpos.TRY, Card: card,
			CustomerIP: "192.0.2.10", CustomerEmail: "ayşe.yılmaz@örnek.com.tr", CustomerName: "Ayşe Yılmaz",
		})
		if err != nil || !res.Approved {
			b.Fatalf("got %+v, %v", res, err)
		}
	}
}

// BenchmarkRawPOST posts the same sale document with plain net/http to the
// same fake bank and reads the reply, with a fresh order id each time.
func BenchmarkRawPOST(b *testing.B) {
	bank := nestpaytest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().Approve
	template := fmt.Sprintf(`<?xml version="1.0" encoding="ISO-8859-9"?><CC5Request><Name>%s</Name><Password>%s</Password>`+
		`<ClientId>%s</ClientId><Type>Auth</Type><IPAddress>192.0.2.10</IPAddress><Email>ay\xfee.y\xfdlmaz@\xf6rnek.com.tr</Email>`+
		`<OrderId>ORDERID</OrderId><UserId></UserId><Total>100.25</Total><Currency>949</Currency><Taksit></Taksit>`+
		`<Number>%s</Number><Expires>%02d/%02d</Expires><Cvv2Val>%s</Cvv2Val><Mode>P</Mode>`+
		`<BillTo><Name>Ay\xfee Y\xfdlmaz</Name></BillTo></CC5Request>`,
		c.User, c.Password, c.ClientID, card.Number, card.ExpMonth, card.ExpYear%100, card.CVV)
	hc := bank.HTTPClient()
	b.ReportAllocs()
	for b.Loop() {
		body := bytes.Replace([]byte(template), []byte("ORDERID"), []byte(benchOrder()), 1)
		resp, err := hc.Post(bank.APIURL(), "text/xml; charset=ISO-8859-9", bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		reply, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || !bytes.Contains(reply, []byte("<Response>Approved</Response>")) {
			b.Fatalf("got HTTP %d, %v: %.200s", resp.StatusCode, err, reply)
		}
	}
}
