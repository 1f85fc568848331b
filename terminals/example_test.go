package terminals_test

import (
	"context"
	"fmt"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
	"github.com/sanalpos/vpos/terminals"
)

// Two companies, each on its own bank with its own credentials: here two
// fake NestPay banks reached through explicit URLs. Secrets come from the
// environment lookup the application injects (os.LookupEnv by default).
func ExampleNew() {
	isbank := nestpaytest.NewServer()
	defer isbank.Close()
	ziraat := nestpaytest.NewServer()
	defer ziraat.Close()
	a, b := isbank.Credentials(), ziraat.Credentials()

	file := fmt.Sprintf(`
companies:
  - name: ACME
    pos:
      - name: isbank-1
        bank: İşbank
        mode: 3d_pay
        urls: {api: %s, gate3d: %s}
        credentials: {client_id: %q, user: %s, password: "${ACME_PASSWORD}", store_key: "${ACME_STORE_KEY}"}
  - name: Beta
    pos:
      - name: ziraat-1
        bank: ziraat
        mode: 3d
        urls: {api: %s, gate3d: %s}
        credentials: {client_id: %q, user: %s, password: "${BETA_PASSWORD}", store_key: "${BETA_STORE_KEY}"}
`, isbank.APIURL(), isbank.GateURL(), a.ClientID, a.User, ziraat.APIURL(), ziraat.GateURL(), b.ClientID, b.User)
	env := map[string]string{
		"ACME_PASSWORD": a.Password, "ACME_STORE_KEY": a.StoreKey,
		"BETA_PASSWORD": b.Password, "BETA_STORE_KEY": b.StoreKey,
	}
	cfg, err := terminals.Parse([]byte(file), func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		fmt.Println(err)
		return
	}
	store := vpos.NewMemoryStore()
	reg, err := terminals.New(cfg, &terminals.Options{Base: &vpos.Options{Store: store}})
	if err != nil {
		fmt.Println(err)
		return
	}

	ctx := context.Background()
	for _, company := range []string{"ACME", "Beta"} {
		client, err := reg.Default(company, vpos.TRY)
		if err != nil {
			fmt.Println(err)
			return
		}
		_, err = client.Sale(ctx, &vpos.SaleRequest{OrderID: company + "-1", Amount: 1000, Currency: vpos.TRY, Card: isbank.Cards().Approve})
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	recs, _, _ := store.List(ctx, vpos.ListFilter{})
	for i := len(recs) - 1; i >= 0; i-- {
		fmt.Println(recs[i].OrderID, recs[i].Company, recs[i].POS, recs[i].Bank, recs[i].Status)
	}
	fmt.Println("bookings:", isbank.Ledger().Bookings(), ziraat.Ledger().Bookings())
	// For display, secrets show where they come from, never their value.
	masked := reg.Definitions().Companies[0].POS[0].Credentials
	fmt.Println(masked["client_id"], masked["password"], masked["store_key"])
	// Output:
	// ACME-1 ACME isbank-1 isbank approved
	// Beta-1 Beta ziraat-1 ziraat approved
	// bookings: 1 1
	// 700655000200 ${ACME_PASSWORD} ${ACME_STORE_KEY}
}

// Parse reports every problem at once, each with its path.
func ExampleParse() {
	_, err := terminals.Parse([]byte(`
companies:
  - name: ACME
    pos:
      - name: garanti-1
        bank: garanti
        mode: 3d_host
        environment: live
        credentials:
          merchant_id: "7000679"
          terminal_id: "30691298"
          prov_password: ${GARANTI_PROV_PASSWORD}
          refund_password: ${GARANTI_REFUND_PASSWORD}
          store_key: ${GARANTI_STORE_KEY}
        source_ip: 10.0.0.300
`), func(name string) (string, bool) {
		if name == "GARANTI_STORE_KEY" {
			return "", false
		}
		return "from-the-environment", true
	})
	fmt.Println(err)
	// Output:
	// terminals: invalid definitions (4 problems):
	//   companies[ACME].pos[garanti-1].credentials.store_key: environment variable GARANTI_STORE_KEY is not set
	//   companies[ACME].pos[garanti-1].mode: 3d_host is not offered by Garanti BBVA with the garanti protocol; expected one of: regular, 3d, 3d_pay
	//   companies[ACME].pos[garanti-1].environment: "live" is not test or production
	//   companies[ACME].pos[garanti-1].source_ip: "10.0.0.300" is not an IP address
}
