package posnet_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/posnet"
	"github.com/sanalpos/vpos/banks/posnet/posnettest"
)

var benchSeq atomic.Int64

func benchOrder() string { return fmt.Sprintf("BENCH%015d", benchSeq.Add(1)) }

func benchConfig(bank *posnettest.Server) posnet.Config {
	c := bank.Credentials()
	return posnet.Config{MerchantID: c.MerchantID, TerminalID: c.TerminalID, PosnetID: c.PosnetID, EncKey: c.EncKey,
		Endpoint: posnet.Endpoint{API: bank.APIURL(), Gate3D: bank.GateURL(), Test: true}}
}

// BenchmarkClientSale is a full sale through vpos.Client (validation,
// store, at-most-once bookkeeping, request build, reply parse) against the
// fake bank over loopback. Compare with BenchmarkRawPOST.
func BenchmarkClientSale(b *testing.B) {
	bank := posnettest.NewServer()
	defer bank.Close()
	client, err := posnet.Open(benchConfig(bank), &vpos.Options{HTTPClient: bank.HTTPClient()})
	if err != nil {
		b.Fatal(err)
	}
	card := bank.Cards().Approve
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := client.Sale(ctx, &vpos.SaleRequest{OrderID: benchOrder(), Amount: 15075, Currency: vpos.TRY, Card: card}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawPOST posts a hand-built sale to the fake bank with plain
// net/http: the floor the Client's overhead is measured against.
func BenchmarkRawPOST(b *testing.B) {
	bank := posnettest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().Approve
	hc := bank.HTTPClient()
	b.ReportAllocs()
	for b.Loop() {
		x := fmt.Sprintf(`<?xml version="1.0" encoding="ISO-8859-9"?><posnetRequest><mid>%s</mid><tid>%s</tid><tranDateRequired>1</tranDateRequired>`+
			`<sale><orderID>0000%s</orderID><installment>00</installment><amount>15075</amount><currencyCode>TL</currencyCode>`+
			`<ccno>%s</ccno><expDate>%02d%02d</expDate><cvc>%s</cvc></sale></posnetRequest>`,
			c.MerchantID, c.TerminalID, benchOrder(), card.Number, card.ExpYear%100, card.ExpMonth, card.CVV)
		resp, err := hc.Post(bank.APIURL(), "application/x-www-form-urlencoded",
			bytes.NewBufferString("xmldata="+url.QueryEscape(x)))
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte("<approved>1</approved>")) {
			b.Fatalf("raw sale: HTTP %d %s", resp.StatusCode, body)
		}
	}
}
