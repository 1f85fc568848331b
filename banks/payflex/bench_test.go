package payflex_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/payflex"
	"github.com/sanalpos/vpos/banks/payflex/payflextest"
)

var benchSeq atomic.Int64

func benchOrder() string { return fmt.Sprintf("BENCH%015d", benchSeq.Add(1)) }

// BenchmarkClientSale is a full sale through vpos.Client (validation,
// store, at-most-once bookkeeping, redacted exchange, request build, reply
// parse) against the fake bank over loopback. Compare with
// BenchmarkRawPOST: the ratio of the two is the library's overhead.
func BenchmarkClientSale(b *testing.B) {
	bank := payflextest.NewServer()
	defer bank.Close()
	client, err := payflex.Open(fakeConfig(bank), &vpos.Options{HTTPClient: bank.HTTPClient()})
	if err != nil {
		b.Fatal(err)
	}
	card := bank.Cards().Approve
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		_, err := client.Sale(ctx, &vpos.SaleRequest{
			OrderID: benchOrder(), Amount: 10025, Currency: vpos.TRY, Card: card, CustomerIP: "192.0.2.10",
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawPOST posts the same Sale VposRequest with plain net/http to
// the same fake bank and reads the reply, with a fresh order id each time.
func BenchmarkRawPOST(b *testing.B) {
	bank := payflextest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().Approve
	template := fmt.Sprintf(`<VposRequest><MerchantId>%s</MerchantId><Password>%s</Password><TerminalNo>%s</TerminalNo>`+
		`<TransactionType>Sale</TransactionType><OrderId>ORDERID</OrderId><CurrencyAmount>100.25</CurrencyAmount>`+
		`<CurrencyCode>949</CurrencyCode><ClientIp>192.0.2.10</ClientIp><TransactionDeviceSource>0</TransactionDeviceSource>`+
		`<Pan>%s</Pan><Expiry>%04d%02d</Expiry><Cvv>%s</Cvv></VposRequest>`,
		c.MerchantID, c.Password, c.TerminalNo, card.Number, card.ExpYear, card.ExpMonth, card.CVV)
	hc := bank.HTTPClient()
	b.ReportAllocs()
	for b.Loop() {
		body := "prmstr=" + url.QueryEscape(strings.Replace(template, "ORDERID", benchOrder(), 1))
		resp, err := hc.Post(bank.VPOSURL(), "application/x-www-form-urlencoded", strings.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		reply, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || !bytes.Contains(reply, []byte("<ResultCode>0000</ResultCode>")) {
			b.Fatalf("got HTTP %d, %v: %.300s", resp.StatusCode, err, reply)
		}
	}
}
