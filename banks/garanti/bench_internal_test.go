package garanti

import (
	"context"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

func benchSale() *vpos.SaleRequest {
	return &vpos.SaleRequest{
		OrderID: "20221101D723", Amount: 10025, Currency: vpos.TRY,
		Card:       vpos.Card{Number: "4282209004348015", ExpMonth: 8, ExpYear: 2030, CVV: "123"},
		CustomerIP: "192.0.2.10", CustomerEmail: "ayşe.yılmaz@örnek.com.tr",
	}
}

// BenchmarkBuildSale builds and signs (SHA-512 HashData) a sales
// GVPSRequest.
func BenchmarkBuildSale(b *testing.B) {
	p := newTestProvider(b, vecConfig())
	req := benchSale()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.encode(chargeRequest("sales", req)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBegin3D builds and signs (SHA-512 secure3dhash) a 3D gate form.
func BenchmarkBegin3D(b *testing.B) {
	p := newTestProvider(b, vecConfig())
	req := &vpos.ThreeDRequest{
		OrderID: "20221101D723", Amount: 10025, Currency: vpos.TRY, Model: threed.Model3D, Card: benchSale().Card,
		OkURL: "https://shop.example.com.tr/ok", FailURL: "https://shop.example.com.tr/fail", CustomerIP: "192.0.2.10",
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Begin3D(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaleRoundTrip builds and signs a sale request, then parses the
// approved reply of garanti.md §12.2 and turns it into a Result:
// everything the adapter does for a sale but the network.
func BenchmarkSaleRoundTrip(b *testing.B) {
	p := newTestProvider(b, vecConfig())
	req := benchSale()
	reply := []byte(approvedSale)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.encode(chargeRequest("sales", req)); err != nil {
			b.Fatal(err)
		}
		rep, err := parseReply(reply)
		if err != nil {
			b.Fatal(err)
		}
		if res := p.result(vpos.OpSale, req.OrderID, rep); !res.Approved {
			b.Fatal("not approved")
		}
	}
}

// BenchmarkVerifyCallback verifies a SHA-512 callback signature (§9.4).
func BenchmarkVerifyCallback(b *testing.B) {
	cfg := Config{StoreKey: vecStoreKey}
	form := v512Callback()
	b.ReportAllocs()
	for b.Loop() {
		if err := cfg.VerifyCallback(form); err != nil {
			b.Fatal(err)
		}
	}
}
