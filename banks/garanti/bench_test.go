package garanti_test

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/garanti"
	"github.com/sanalpos/vpos/banks/garanti/garantitest"
)

var benchSeq atomic.Int64

func benchOrder() string { return fmt.Sprintf("BENCH%015d", benchSeq.Add(1)) }

// BenchmarkClientSale is a full sale through vpos.Client (validation,
// store, at-most-once bookkeeping, redacted exchange, request build and
// signature, reply parse) against the fake bank over loopback. Compare with
// BenchmarkRawPOST: the ratio of the two is the library's overhead.
func BenchmarkClientSale(b *testing.B) {
	bank := garantitest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	client, err := garanti.Open(garanti.Config{
		MerchantID: c.MerchantID, TerminalID: c.TerminalID,
		ProvPassword: c.ProvPassword, RefundPassword: c.RefundPassword, StoreKey: c.StoreKey,
		Endpoint: garanti.Endpoint{Test: true, API: bank.APIURL(), Gate3D: bank.GateURL()},
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

// BenchmarkRawPOST posts the same sales document with plain net/http to
// the same fake bank and reads the reply, with a fresh order id (and so a
// fresh HashData, computed inline) each time.
func BenchmarkRawPOST(b *testing.B) {
	bank := garantitest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().Approve
	tid := strings.Repeat("0", 9-len(c.TerminalID)) + c.TerminalID
	sum := sha1.Sum([]byte(c.ProvPassword + tid))
	secData := strings.ToUpper(hex.EncodeToString(sum[:]))
	template := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><GVPSRequest><Mode>TEST</Mode><Version>512</Version>`+
		`<Terminal><ProvUserID>PROVAUT</ProvUserID><UserID>PROVAUT</UserID><HashData>HASHDATA</HashData><ID>%s</ID><MerchantID>%s</MerchantID></Terminal>`+
		`<Customer><IPAddress>192.0.2.10</IPAddress><EmailAddress>ayşe.yılmaz@örnek.com.tr</EmailAddress></Customer>`+
		`<Card><Number>%s</Number><ExpireDate>%02d%02d</ExpireDate><CVV2>%s</CVV2></Card><Order><OrderID>ORDERID</OrderID></Order>`+
		`<Transaction><Type>sales</Type><InstallmentCnt></InstallmentCnt><Amount>10025</Amount><CurrencyCode>949</CurrencyCode>`+
		`<CardholderPresentCode>0</CardholderPresentCode><MotoInd>N</MotoInd></Transaction></GVPSRequest>`,
		c.TerminalID, c.MerchantID, card.Number, card.ExpMonth, card.ExpYear%100, card.CVV)
	hc := bank.HTTPClient()
	b.ReportAllocs()
	for b.Loop() {
		order := benchOrder()
		h := sha512.Sum512([]byte(order + c.TerminalID + card.Number + "10025" + "949" + secData))
		body := strings.Replace(strings.Replace(template, "ORDERID", order, 1), "HASHDATA", strings.ToUpper(hex.EncodeToString(h[:])), 1)
		resp, err := hc.Post(bank.APIURL(), "text/xml; charset=utf-8", strings.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		reply, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || !bytes.Contains(reply, []byte("<Code>00</Code>")) {
			b.Fatalf("got HTTP %d, %v: %.300s", resp.StatusCode, err, reply)
		}
	}
}
