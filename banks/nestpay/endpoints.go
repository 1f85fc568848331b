package nestpay

import "strings"

// Endpoint is where one bank's NestPay service lives: the XML API and the
// 3-D Secure gate. The values below cover every bank in nestpay.md §8, in
// test and production; a Config may also carry an explicit Endpoint (a fake
// bank's URLs, a bank's new host) with only API and Gate3D set.
type Endpoint struct {
	// Bank names the bank ("isbank", "akbank", ...; empty for an explicit
	// endpoint). It labels records; the protocol does not send it.
	Bank string
	// Test is true for test (sandbox) environments.
	Test bool
	// API is the absolute URL of the XML API (…/fim/api).
	API string
	// Gate3D is the absolute URL of the 3-D Secure gate (…/fim/est3Dgate)
	// the shopper's browser posts the Begin3D form to.
	Gate3D string
	// HostedGate3D, when set, is the gate for the models whose card page the
	// bank hosts (3d_host, 3d_pay_hosting); Gate3D is used when empty.
	HostedGate3D string
}

// gate returns the gate URL for a model whose card page the bank hosts
// (hosted true) or not.
func (e Endpoint) gate(hosted bool) string {
	if hosted && e.HostedGate3D != "" {
		return e.HostedGate3D
	}
	return e.Gate3D
}

// fim returns the Endpoint of a host whose paths are the standard /fim/api
// and /fim/est3Dgate (nestpay.md §8: "All paths are /fim/api and
// /fim/est3Dgate").
func fim(bank string, test bool, host string) Endpoint {
	return Endpoint{Bank: bank, Test: test, API: "https://" + host + "/fim/api", Gate3D: "https://" + host + "/fim/est3Dgate"}
}

// assecoTestHost is the generic Payten/Asseco test host most NestPay banks
// share (nestpay.md §8, §9).
const assecoTestHost = "entegrasyon.asseco-see.com.tr"

// The endpoints of nestpay.md §8. Banks without a test host of their own use
// the generic Asseco test environment (AssecoTest) under their own name.
var (
	// AssecoTest is the generic Payten/Asseco test environment
	// (entegrasyon.asseco-see.com.tr), where the public sandbox merchants
	// of nestpay.md §9 live.
	AssecoTest = fim("asseco", true, assecoTestHost)

	// AkbankTest is Akbank's (legacy NestPay) test environment: the generic
	// Asseco host.
	AkbankTest = fim("akbank", true, assecoTestHost)
	// AkbankProd is Akbank's legacy NestPay production service
	// (www.sanalakpos.com); hosted card pages are served from
	// sanalpos.sanalakpos.com.tr.
	AkbankProd = Endpoint{Bank: "akbank", API: "https://www.sanalakpos.com/fim/api",
		Gate3D: "https://www.sanalakpos.com/fim/est3Dgate", HostedGate3D: "https://sanalpos.sanalakpos.com.tr/fim/est3Dgate"}

	// IsbankTest is İşbank's own test host (istest.asseco-see.com.tr).
	IsbankTest = fim("isbank", true, "istest.asseco-see.com.tr")
	// IsbankProd is İşbank's production host (sanalpos.isbank.com.tr; some
	// integrations use spos.isbank.com.tr).
	IsbankProd = fim("isbank", false, "sanalpos.isbank.com.tr")

	// HalkbankTest is Halkbank's test environment: the generic Asseco host.
	HalkbankTest = fim("halkbank", true, assecoTestHost)
	// HalkbankProd is Halkbank's production host (sanalpos.halkbank.com.tr).
	HalkbankProd = fim("halkbank", false, "sanalpos.halkbank.com.tr")

	// ZiraatTest is Ziraat Bankası's test host
	// (torus-stage-ziraat.asseco-see.com.tr).
	ZiraatTest = fim("ziraat", true, "torus-stage-ziraat.asseco-see.com.tr")
	// ZiraatProd is Ziraat Bankası's production host
	// (sanalpos2.ziraatbank.com.tr).
	ZiraatProd = fim("ziraat", false, "sanalpos2.ziraatbank.com.tr")

	// TEBTest is TEB's test environment: the generic Asseco host.
	TEBTest = fim("teb", true, assecoTestHost)
	// TEBProd is TEB's production host (sanalpos.teb.com.tr).
	TEBProd = fim("teb", false, "sanalpos.teb.com.tr")

	// SekerbankTest is Şekerbank's test environment: the generic Asseco host.
	SekerbankTest = fim("sekerbank", true, assecoTestHost)
	// SekerbankProd is Şekerbank's production host
	// (sanalpos.sekerbank.com.tr).
	SekerbankProd = fim("sekerbank", false, "sanalpos.sekerbank.com.tr")

	// QNBFinansbankTest is the test environment of QNB Finansbank's older
	// NestPay service ("fbwebpos"): the generic Asseco host.
	QNBFinansbankTest = fim("qnbfinansbank", true, assecoTestHost)
	// QNBFinansbankProd is QNB Finansbank's NestPay production host
	// (www.fbwebpos.com). Current QNB merchants use PayFor instead.
	QNBFinansbankProd = fim("qnbfinansbank", false, "www.fbwebpos.com")

	// AnadolubankTest is Anadolubank's test environment: the generic Asseco
	// host.
	AnadolubankTest = fim("anadolubank", true, assecoTestHost)
	// AnadolubankProd is Anadolubank's production host
	// (anadolusanalpos.est.com.tr).
	AnadolubankProd = fim("anadolubank", false, "anadolusanalpos.est.com.tr")

	// INGTest is ING Bank's test environment: the generic Asseco host.
	INGTest = fim("ing", true, assecoTestHost)
	// INGProd is ING Bank's production host (sanalpos.ingbank.com.tr).
	INGProd = fim("ing", false, "sanalpos.ingbank.com.tr")

	// AlternatifBankTest is Alternatif Bank's test environment: the generic
	// Asseco host.
	AlternatifBankTest = fim("alternatifbank", true, assecoTestHost)
	// AlternatifBankProd is Alternatif Bank's production host
	// (sanalpos.abank.com.tr).
	AlternatifBankProd = fim("alternatifbank", false, "sanalpos.abank.com.tr")

	// TurkiyeFinansTest is Türkiye Finans's test environment: the generic
	// Asseco host.
	TurkiyeFinansTest = fim("turkiyefinans", true, assecoTestHost)
	// TurkiyeFinansProd is Türkiye Finans's production host
	// (sanalpos.turkiyefinans.com.tr).
	TurkiyeFinansProd = fim("turkiyefinans", false, "sanalpos.turkiyefinans.com.tr")

	// CardplusTest is Cardplus's test environment: the generic Asseco host.
	CardplusTest = fim("cardplus", true, assecoTestHost)
	// CardplusProd is Cardplus's production host (sanalpos.card-plus.net).
	CardplusProd = fim("cardplus", false, "sanalpos.card-plus.net")
)

// Endpoints returns every predefined endpoint (AssecoTest first, then each
// bank's test and production endpoint). The slice is new on every call.
func Endpoints() []Endpoint {
	return []Endpoint{
		AssecoTest,
		AkbankTest, AkbankProd,
		IsbankTest, IsbankProd,
		HalkbankTest, HalkbankProd,
		ZiraatTest, ZiraatProd,
		TEBTest, TEBProd,
		SekerbankTest, SekerbankProd,
		QNBFinansbankTest, QNBFinansbankProd,
		AnadolubankTest, AnadolubankProd,
		INGTest, INGProd,
		AlternatifBankTest, AlternatifBankProd,
		TurkiyeFinansTest, TurkiyeFinansProd,
		CardplusTest, CardplusProd,
	}
}

// EndpointFor returns the predefined endpoint of bank (its Endpoint.Bank
// name, case-insensitive: "isbank", "ziraat", ...) in the test or the
// production environment.
func EndpointFor(bank string, test bool) (Endpoint, bool) {
	for _, e := range Endpoints() {
		if strings.EqualFold(e.Bank, strings.TrimSpace(bank)) && e.Test == test {
			return e, true
		}
	}
	return Endpoint{}, false
}
