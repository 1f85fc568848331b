package main

import (
	"github.com/sanalpos/vpos/banks"
	"github.com/sanalpos/vpos/banks/garanti/garantitest"
	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
	"github.com/sanalpos/vpos/banks/payflex/payflextest"
	"github.com/sanalpos/vpos/banks/payfor/payfortest"
	"github.com/sanalpos/vpos/banks/posnet/posnettest"
	"github.com/sanalpos/vpos/banks/posnetv1/posnetv1test"
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
// built-in definitions pointing at them: three companies, each with its own
// bank and credentials, exactly as an ERP's definitions file would say.
func startFakes() ([]demoPOS, *terminals.Config) {
	np := nestpaytest.NewServer()
	gr := garantitest.NewServer()
	yk := posnettest.NewServer()
	pf := payflextest.NewServer()
	ab := posnetv1test.NewServer()
	qf := payfortest.NewServer()
	nc, gc, yc, fc, ac, qc := np.Credentials(), gr.Credentials(), yk.Credentials(), pf.Credentials(), ab.Credentials(), qf.Credentials()
	cfg := &terminals.Config{Companies: []terminals.Company{
		{Name: "Demo A.Ş.", POS: []terminals.POS{{
			Name: "isbank-1", Bank: "isbank", Mode: banks.Mode3D,
			URLs:        map[string]string{"api": np.APIURL(), "gate3d": np.GateURL()},
			Credentials: banks.Credentials{"client_id": nc.ClientID, "user": nc.User, "password": nc.Password, "store_key": nc.StoreKey},
		}}},
		{Name: "Örnek Ltd.", DefaultPOS: "garanti-1", POS: []terminals.POS{
			{
				Name: "garanti-1", Bank: "garanti", Mode: banks.Mode3D,
				URLs: map[string]string{"api": gr.APIURL(), "gate3d": gr.GateURL()},
				Credentials: banks.Credentials{"merchant_id": gc.MerchantID, "terminal_id": gc.TerminalID,
					"prov_user": gc.ProvUser, "prov_password": gc.ProvPassword,
					"refund_user": gc.RefundUser, "refund_password": gc.RefundPassword, "store_key": gc.StoreKey},
			},
			{
				Name: "qnb-1", Bank: "qnbfinansbank", Mode: banks.Mode3DPay,
				URLs: map[string]string{"api": qf.APIURL(), "gate3d": qf.Gate3DURL(), "hosted_gate3d": qf.HostedGate3DURL()},
				Credentials: banks.Credentials{"merchant_id": qc.MerchantID, "user_code": qc.UserCode,
					"user_password": qc.UserPass, "merchant_pass": qc.MerchantPass},
			},
		}},
		{Name: "Yıldız Tekstil", DefaultPOS: "ykb-1", POS: []terminals.POS{
			{
				Name: "ykb-1", Bank: "yapikredi", Mode: banks.Mode3D,
				URLs:        map[string]string{"api": yk.APIURL(), "gate3d": yk.GateURL()},
				Credentials: banks.Credentials{"merchant_id": yc.MerchantID, "terminal_id": yc.TerminalID, "posnet_id": yc.PosnetID, "enc_key": yc.EncKey},
			},
			{
				Name: "vakifbank-1", Bank: "vakifbank", Mode: banks.Mode3D,
				URLs: map[string]string{"api": pf.VPOSURL(), "mpi": pf.MPIURL(), "search": pf.SearchURL()},
				Credentials: banks.Credentials{"merchant_id": fc.MerchantID, "password": fc.Password, "terminal_no": fc.TerminalNo,
					"merchant_type": fc.MerchantType},
			},
			{
				Name: "albaraka-1", Bank: "albaraka", Mode: banks.Mode3D,
				URLs:        map[string]string{"api": ab.APIURL(), "gate3d": ab.GateURL()},
				Credentials: banks.Credentials{"merchant_id": ac.MerchantNo, "terminal_id": ac.TerminalNo, "posnet_id": ac.PosnetID, "enc_key": ac.EncKey},
			},
		}},
	}}
	return []demoPOS{
		{company: "Demo A.Ş.", pos: "isbank-1", bank: "isbank (nestpay)", model: threed.Model3D, fake: np},
		{company: "Örnek Ltd.", pos: "garanti-1", bank: "garanti", model: threed.Model3D, fake: gr},
		{company: "Örnek Ltd.", pos: "qnb-1", bank: "qnbfinansbank (payfor)", model: threed.Model3DPay, fake: qf},
		{company: "Yıldız Tekstil", pos: "ykb-1", bank: "yapikredi (posnet)", model: threed.Model3D, fake: yk},
		{company: "Yıldız Tekstil", pos: "vakifbank-1", bank: "vakifbank (payflex)", model: threed.Model3D, fake: pf},
		{company: "Yıldız Tekstil", pos: "albaraka-1", bank: "albaraka (posnetv1)", model: threed.Model3D, fake: ab},
	}, cfg
}
