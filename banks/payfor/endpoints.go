package payfor

import "strings"

// Endpoint is where one bank's PayFor service lives (payfor.md §1): the XML
// API, the 3-D Secure gate of the 3d and 3d_pay models and the gate of the
// 3d_host model. The values below are those payfor.md §1 gives; a Config may
// also carry an explicit Endpoint (a fake bank's URLs, a bank's new host).
type Endpoint struct {
	// API is the absolute URL of the XML API (…/XMLGate.aspx) every
	// server-to-server request is posted to. The form-encoded twin
	// (…/Default.aspx answering "Key=Value;;" text) is not used.
	API string
	// Gate3D is the absolute URL of the 3-D Secure gate (…/Default.aspx)
	// the shopper's browser posts the Begin3D form to in the 3d (3DModel)
	// and 3d_pay (3DPay) models.
	Gate3D string
	// HostedGate3D is the absolute URL of the gate of the 3d_host model
	// (…/3DHost.aspx), where the shopper types the card on the bank's page.
	// When empty, 3d_host is not offered.
	HostedGate3D string
	// Test is true for test (sandbox) environments. It is informational:
	// PayFor requests carry no mode flag.
	Test bool
	// MbrID is the institution code of the bank behind the endpoint
	// (payfor.md §2: "5" QNB Finansbank, "12" Ziraat Katılım). It is the
	// default of Config.MbrID; empty means "5".
	MbrID string
	// Bank names the bank ("qnbfinansbank", "ziraatkatilim"; empty for an
	// explicit endpoint). It labels records; the protocol does not send it.
	Bank string
}

// gate returns the gate URL of a model whose card page the bank hosts
// (hosted true) or not.
func (e Endpoint) gate(hosted bool) string {
	if hosted {
		return e.HostedGate3D
	}
	return e.Gate3D
}

// The institution codes (MbrId) of payfor.md §2.
const (
	// MbrQNBFinansbank is QNB Finansbank's institution code, the default.
	MbrQNBFinansbank = "5"
	// MbrZiraatKatilim is Ziraat Katılım's institution code.
	MbrZiraatKatilim = "12"
)

// The endpoints of payfor.md §1. payfor.md gives no host of Enpara's own
// (Enpara.com runs on QNB's PayFor platform): an Enpara merchant uses the
// URLs and institution code its bank gives, as an explicit Endpoint.
var (
	// QNBFinansbankTest is QNB Finansbank's test environment
	// (vpostest.qnbfinansbank.com), where the public test merchant of
	// payfor.md §9 lives.
	QNBFinansbankTest = Endpoint{
		Bank: "qnbfinansbank", Test: true, MbrID: MbrQNBFinansbank,
		API:          "https://vpostest.qnbfinansbank.com/Gateway/XMLGate.aspx",
		Gate3D:       "https://vpostest.qnbfinansbank.com/Gateway/Default.aspx",
		HostedGate3D: "https://vpostest.qnbfinansbank.com/Gateway/3DHost.aspx",
	}
	// QNBFinansbankProd is QNB Finansbank's production service
	// (vpos.qnbfinansbank.com).
	QNBFinansbankProd = Endpoint{
		Bank: "qnbfinansbank", MbrID: MbrQNBFinansbank,
		API:          "https://vpos.qnbfinansbank.com/Gateway/XMLGate.aspx",
		Gate3D:       "https://vpos.qnbfinansbank.com/Gateway/Default.aspx",
		HostedGate3D: "https://vpos.qnbfinansbank.com/Gateway/3DHost.aspx",
	}
	// ZiraatKatilimTest is Ziraat Katılım's test environment
	// (payfortestziraatkatilim.cordisnetwork.com, institution code 12).
	ZiraatKatilimTest = Endpoint{
		Bank: "ziraatkatilim", Test: true, MbrID: MbrZiraatKatilim,
		API:          "https://payfortestziraatkatilim.cordisnetwork.com/Mpi/XMLGate.aspx",
		Gate3D:       "https://payfortestziraatkatilim.cordisnetwork.com/Mpi/Default.aspx",
		HostedGate3D: "https://payfortestziraatkatilim.cordisnetwork.com/Mpi/3DHost.aspx",
	}
	// ZiraatKatilimProd is Ziraat Katılım's production service
	// (vpos.ziraatkatilim.com.tr, institution code 12; the hosted gate is
	// spelled 3Dhost.aspx there).
	ZiraatKatilimProd = Endpoint{
		Bank: "ziraatkatilim", MbrID: MbrZiraatKatilim,
		API:          "https://vpos.ziraatkatilim.com.tr/Mpi/XMLGate.aspx",
		Gate3D:       "https://vpos.ziraatkatilim.com.tr/Mpi/Default.aspx",
		HostedGate3D: "https://vpos.ziraatkatilim.com.tr/Mpi/3Dhost.aspx",
	}
)

// Endpoints returns every predefined endpoint, each bank's test endpoint
// before its production one. The slice is new on every call.
func Endpoints() []Endpoint {
	return []Endpoint{QNBFinansbankTest, QNBFinansbankProd, ZiraatKatilimTest, ZiraatKatilimProd}
}

// EndpointFor returns the predefined endpoint of bank (its Endpoint.Bank
// name, case-insensitive: "qnbfinansbank", "ziraatkatilim") in the test or
// the production environment.
func EndpointFor(bank string, test bool) (Endpoint, bool) {
	for _, e := range Endpoints() {
		if strings.EqualFold(e.Bank, strings.TrimSpace(bank)) && e.Test == test {
			return e, true
		}
	}
	return Endpoint{}, false
}
