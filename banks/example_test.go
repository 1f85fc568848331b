package banks_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks"
	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
)

// Lookup tolerates case and Turkish letters; the bank's default service
// says which fields a form must ask for.
func ExampleLookup() {
	b, ok := banks.Lookup("İŞBANK")
	if !ok {
		return
	}
	s, _ := b.Service("")
	fmt.Println(b.Name, "-", b.DisplayName, "-", s.Protocol, "supported:", s.Supported)
	fmt.Println("modes:", s.Modes)
	for _, f := range s.Credentials {
		fmt.Printf("%s secret=%v\n", f.Name, f.Secret)
	}
	fmt.Println("production API:", s.Production.URLs["api"])
	// Output:
	// isbank - Türkiye İş Bankası - nestpay supported: true
	// modes: [regular 3d 3d_pay 3d_host 3d_pay_hosting]
	// client_id secret=false
	// user secret=false
	// password secret=true
	// store_key secret=true
	// production API: https://sanalpos.isbank.com.tr/fim/api
}

// Open builds a Client from a definition. Here the bank is a fake NestPay
// bank reached through explicit URLs; a real definition says Environment
// "test" or "production" instead.
func ExampleOpen() {
	bank := nestpaytest.NewServer()
	defer bank.Close()
	c := bank.Credentials()

	store := vpos.NewMemoryStore()
	client, err := banks.Open(banks.Definition{
		Company: "ACME", Name: "isbank-1", Bank: "isbank", Mode: banks.Mode3D,
		URLs:        map[string]string{"api": bank.APIURL(), "gate3d": bank.GateURL()},
		Credentials: banks.Credentials{"client_id": c.ClientID, "user": c.User, "password": c.Password, "store_key": c.StoreKey},
	}, &vpos.Options{Store: store})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	res, err := client.Sale(ctx, &vpos.SaleRequest{OrderID: "ORDER-1", Amount: 12550, Currency: vpos.TRY, Card: bank.Cards().Approve})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Status, res.Amount.Decimal(res.Currency), res.Currency)
	recs, _, _ := store.List(ctx, vpos.ListFilter{Company: "ACME"})
	fmt.Println(recs[0].Company, recs[0].POS, recs[0].Bank)
	// Output:
	// approved 125.50 TRY
	// ACME isbank-1 isbank
}

// A bank whose protocol is not implemented yet is listed, but Open refuses it.
func ExampleOpen_notSupportedYet() {
	_, err := banks.Open(banks.Definition{Bank: "Denizbank", Mode: banks.Mode3D, Environment: banks.EnvTest}, nil)
	fmt.Println(errors.Is(err, banks.ErrNotSupportedYet))
	fmt.Println(err)
	// Output:
	// true
	// banks: Denizbank (denizbank) uses the interpos protocol, which is not supported yet
}

// Check lists every problem at once, with the path of each field.
func ExampleCheck() {
	for _, p := range banks.Check(banks.Definition{
		Bank: "garanti", Mode: banks.Mode3DHost, Environment: "production",
		Credentials: banks.Credentials{"merchant_id": "7000679", "terminal_id": "30691298", "prov_password": "secret"},
	}) {
		fmt.Println(p)
	}
	// Output:
	// mode: 3d_host is not offered by Garanti BBVA with the garanti protocol; expected one of: regular, 3d, 3d_pay
	// credentials.refund_password: missing; expected the refund user's password
	// credentials.store_key: missing; expected the 3-D Secure key (3D secure anahtarı); never sent, it keys the hashes
}
