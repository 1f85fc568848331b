package main

import (
	"github.com/sanalpos/vpos/banks"
	"github.com/sanalpos/vpos/banks/garanti/garantitest"
	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
	"github.com/sanalpos/vpos/terminals"
	"github.com/sanalpos/vpos/threed"
)

// demoPOS is one POS of the built-in demo definitions, served by an
// in-process fake bank.
type demoPOS struct {
	company, pos, bank string
	model              threed.Model
	fake               fakeBank
}

// startFakes starts one fake bank per implemented protocol and returns the
// built-in definitions pointing at them: two companies, each with its own
// bank and credentials, exactly as an ERP's definitions file would say.
func startFakes() ([]demoPOS, *terminals.Config) {
	np := nestpaytest.NewServer()
	gr := garantitest.NewServer()
	nc, gc := np.Credentials(), gr.Credentials()
	cfg := &terminals.Config{Companies: []terminals.Company{
		{Name: "Demo A.Ş.", POS: []terminals.POS{{
			Name: "isbank-1", Bank: "isbank", Mode: banks.Mode3D,
			URLs:        map[string]string{"api": np.APIURL(), "gate3d": np.GateURL()},
			Credentials: banks.Credentials{"client_id": nc.ClientID, "user": nc.User, "password": nc.Password, "store_key": nc.StoreKey},
		}}},
		{Name: "Örnek Ltd.", POS: []terminals.POS{{
			Name: "garanti-1", Bank: "garanti", Mode: banks.Mode3D,
			URLs: map[string]string{"api": gr.APIURL(), "gate3d": gr.GateURL()},
			Credentials: banks.Credentials{"merchant_id": gc.MerchantID, "terminal_id": gc.TerminalID,
				"prov_user": gc.ProvUser, "prov_password": gc.ProvPassword,
				"refund_user": gc.RefundUser, "refund_password": gc.RefundPassword, "store_key": gc.StoreKey},
		}}},
	}}
	return []demoPOS{
		{company: "Demo A.Ş.", pos: "isbank-1", bank: "isbank (nestpay)", model: threed.Model3D, fake: np},
		{company: "Örnek Ltd.", pos: "garanti-1", bank: "garanti", model: threed.Model3D, fake: gr},
	}, cfg
}
