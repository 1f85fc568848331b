package banks

import (
	"maps"
	"sort"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/garanti"
	"github.com/sanalpos/vpos/banks/nestpay"
	"github.com/sanalpos/vpos/banks/payflex"
	"github.com/sanalpos/vpos/banks/payfor"
	"github.com/sanalpos/vpos/banks/posnet"
	"github.com/sanalpos/vpos/banks/posnetv1"
)

// directory builds the bank list afresh (so callers may change what they
// get), sorted by Name. Sources: ../shared/docs/banks/README.md (bank →
// protocol table) and each protocol reference's endpoints and credentials
// sections.
func directory() []Bank {
	bs := []Bank{
		{Name: "akbank", DisplayName: "Akbank", Aliases: []string{"Akbank T.A.Ş.", "sanalakpos"},
			Services: []Service{nestpayService("akbank", "Akbank's legacy NestPay service (sanalakpos); new merchants may be on the JSON API: protocol akbank."),
				akbankService()}},
		{Name: "albaraka", DisplayName: "Albaraka Türk", Aliases: []string{"Albaraka Türk Katılım Bankası", "albarakaturk"},
			Services: []Service{posnetV1Service()}},
		{Name: "alternatifbank", DisplayName: "Alternatif Bank", Aliases: []string{"Alternatif", "ABank"},
			Services: []Service{nestpayService("alternatifbank", "")}},
		{Name: "anadolubank", DisplayName: "Anadolubank", Aliases: []string{"Anadolu Bank"},
			Services: []Service{nestpayService("anadolubank", "")}},
		{Name: "cardplus", DisplayName: "Cardplus", Aliases: []string{"Card Plus"},
			Services: []Service{nestpayService("cardplus", "")}},
		{Name: "denizbank", DisplayName: "Denizbank", Aliases: []string{"Deniz", "InterVPOS"},
			Services: []Service{interposService()}},
		{Name: "enpara", DisplayName: "Enpara.com", Aliases: []string{"Enpara Bank"},
			Services: []Service{payforService("enpara", payfor.MbrQNBFinansbank, "Enpara.com runs QNB's PayFor platform; the references give no host of its own: give explicit urls.")}},
		{Name: "garanti", DisplayName: "Garanti BBVA", Aliases: []string{"Garanti", "Garanti Bankası", "Türkiye Garanti Bankası", "GVP"},
			Services: []Service{garantiService()}},
		{Name: "halkbank", DisplayName: "Halkbank", Aliases: []string{"Halk Bankası", "Türkiye Halk Bankası"},
			Services: []Service{nestpayService("halkbank", "")}},
		{Name: "ing", DisplayName: "ING", Aliases: []string{"ING Bank", "ING Türkiye"},
			Services: []Service{nestpayService("ing", "")}},
		{Name: "isbank", DisplayName: "Türkiye İş Bankası", Aliases: []string{"İşbank", "İş Bankası", "Is Bank"},
			Services: []Service{nestpayService("isbank", "")}},
		{Name: "kuveytturk", DisplayName: "Kuveyt Türk", Aliases: []string{"Kuveyt Türk Katılım Bankası", "Kuveyt"},
			Services: []Service{kuveytService(kuveytTurkTest, kuveytTurkProd, []Mode{ModeRegular, Mode3D}, "")}},
		{Name: "param", DisplayName: "Param", Aliases: []string{"TURK Elektronik Para", "ParamPOS", "TurkPOS"},
			Services: []Service{paramService()}},
		{Name: "qnbfinansbank", DisplayName: "QNB Finansbank", Aliases: []string{"QNB", "Finansbank", "QNB Bank"},
			Services: []Service{
				payforService("qnbfinansbank", payfor.MbrQNBFinansbank, "PayFor institution code (MbrId) 5."),
				nestpayService("qnbfinansbank", "QNB Finansbank's older NestPay service (fbwebpos), for merchants not yet on PayFor.")}},
		{Name: "sekerbank", DisplayName: "Şekerbank", Aliases: []string{"Şeker Bank"},
			Services: []Service{nestpayService("sekerbank", "")}},
		{Name: "teb", DisplayName: "TEB", Aliases: []string{"Türk Ekonomi Bankası"},
			Services: []Service{nestpayService("teb", "")}},
		{Name: "tosla", DisplayName: "Tosla", Aliases: []string{"AkÖde", "Tosla İşim"},
			Services: []Service{toslaService()}},
		{Name: "turkiyefinans", DisplayName: "Türkiye Finans", Aliases: []string{"Türkiye Finans Katılım Bankası"},
			Services: []Service{nestpayService("turkiyefinans", "")}},
		{Name: "vakifbank", DisplayName: "VakıfBank", Aliases: []string{"Vakıflar Bankası", "Türkiye Vakıflar Bankası", "VPOS 7/24"},
			Services: []Service{payflexService(payflex.VakifbankTest, payflex.VakifbankProd, []Mode{ModeRegular, Mode3D, Mode3DPay, Mode3DHost},
				"3d_pay and 3d_host run on PayFlex Common Payment (url role common_payment).")}},
		{Name: "vakifkatilim", DisplayName: "Vakıf Katılım", Aliases: []string{"Vakıf Katılım Bankası"},
			Services: []Service{kuveytService(vakifKatilimHosts, vakifKatilimHosts, []Mode{ModeRegular, Mode3D, Mode3DHost},
				"Vakıf Katılım's variant of the BOA platform: plain XML instead of SOAP, an extra HashPassword field; test and production share one host.")}},
		{Name: "yapikredi", DisplayName: "Yapı Kredi", Aliases: []string{"Yapı ve Kredi Bankası", "YKB", "Posnet"},
			Services: []Service{posnetService()}},
		{Name: "ziraat", DisplayName: "Ziraat Bankası", Aliases: []string{"T.C. Ziraat Bankası", "Ziraat Bank"},
			Services: []Service{nestpayService("ziraat", "Ziraat Payten (NestPay)."),
				payflexService(payflex.ZiraatTest, payflex.ZiraatProd, []Mode{ModeRegular, Mode3D}, "Ziraat's PayFlex MPI + VPOS service.")}},
		{Name: "ziraatkatilim", DisplayName: "Ziraat Katılım", Aliases: []string{"Ziraat Katılım Bankası"},
			Services: []Service{payforService("ziraatkatilim", payfor.MbrZiraatKatilim, "PayFor institution code (MbrId) 12.")}},
	}
	sort.Slice(bs, func(i, j int) bool { return bs[i].Name < bs[j].Name })
	return bs
}

// ---- credential and setting fields ----

func public(name, desc string) Field { return Field{Name: name, Description: desc} }
func secret(name, desc string) Field { return Field{Name: name, Secret: true, Description: desc} }
func optional(name, def, desc string) Field {
	return Field{Name: name, Optional: true, Default: def, Description: desc}
}
func urlField(name, desc string) Field { return Field{Name: name, Description: desc} }
func optionalURL(name, desc string) Field {
	return Field{Name: name, Optional: true, Description: desc}
}

func langSetting() Field {
	return Field{Name: "lang", Optional: true, Default: "tr", Values: []string{"tr", "en"},
		Description: "language of the bank's 3-D Secure pages"}
}

// allModes are the four 3-D Secure models and regular.
func allModes() []Mode { return Modes() }

// ---- implemented protocols ----

// nestpayService is bank's NestPay service with the nestpay package's
// predefined endpoints.
func nestpayService(bank, note string) Service {
	s := Service{
		Protocol:  nestpay.Protocol,
		Supported: true,
		Modes:     allModes(),
		Credentials: []Field{
			public("client_id", "store number (mağaza kodu, clientid)"),
			public("user", "API user name (Name of the XML API)"),
			secret("password", "API user password"),
			secret("store_key", "3-D Secure store key (üye işyeri anahtarı); never sent, it keys the hashes"),
		},
		Settings: []Field{
			{Name: "hash_version", Optional: true, Default: nestpay.HashVer3, Values: []string{nestpay.HashVer3, nestpay.HashLegacy},
				Description: "3-D Secure hash scheme: ver3 (SHA-512, mandatory since 2024) or the deprecated SHA-1 legacy hash"},
			langSetting(),
		},
		URLs: []Field{
			urlField("api", "XML API (…/fim/api)"),
			urlField("gate3d", "3-D Secure gate the shopper's browser posts to (…/fim/est3Dgate)"),
			optionalURL("hosted_gate3d", "gate of the hosted models (3d_host, 3d_pay_hosting); gate3d when empty"),
		},
		Currencies:      nestpay.DefaultCurrencies(),
		MaxInstallments: nestpay.MaxInstallments,
		Note:            note,
	}
	if e, ok := nestpay.EndpointFor(bank, true); ok {
		s.Test = Environment{Name: EnvTest, URLs: nestpayURLs(e), Endpoint: e}
	}
	if e, ok := nestpay.EndpointFor(bank, false); ok {
		s.Production = Environment{Name: EnvProduction, URLs: nestpayURLs(e), Endpoint: e}
	}
	return s
}

func nestpayURLs(e nestpay.Endpoint) map[string]string {
	m := map[string]string{"api": e.API, "gate3d": e.Gate3D}
	if e.HostedGate3D != "" {
		m["hosted_gate3d"] = e.HostedGate3D
	}
	return m
}

func garantiService() Service {
	urls := func(e garanti.Endpoint) map[string]string { return map[string]string{"api": e.API, "gate3d": e.Gate3D} }
	return Service{
		Protocol:  garanti.Protocol,
		Supported: true,
		Modes:     []Mode{ModeRegular, Mode3D, Mode3DPay},
		Credentials: []Field{
			public("merchant_id", "merchant number (işyeri no), digits"),
			public("terminal_id", "terminal number, up to 9 digits"),
			optional("prov_user", garanti.DefaultProvUser, "provision user for sales, pre-authorisations, captures and queries"),
			secret("prov_password", "provision user's password"),
			optional("refund_user", garanti.DefaultRefundUser, "refund user for voids and refunds"),
			secret("refund_password", "refund user's password"),
			secret("store_key", "3-D Secure key (3D secure anahtarı); never sent, it keys the hashes"),
		},
		Settings: []Field{
			{Name: "hash_version", Optional: true, Default: garanti.HashV512, Values: []string{garanti.HashV512, garanti.HashLegacy},
				Description: "hash scheme: 512 (SHA-512) or the deprecated SHA-1 v0.01"},
			langSetting(),
		},
		URLs: []Field{
			urlField("api", "XML API (…/VPServlet)"),
			urlField("gate3d", "3-D Secure gate the shopper's browser posts to (…/servlet/gt3dengine)"),
		},
		Test:            Environment{Name: EnvTest, URLs: urls(garanti.TestEndpoint), Endpoint: garanti.TestEndpoint},
		Production:      Environment{Name: EnvProduction, URLs: urls(garanti.ProductionEndpoint), Endpoint: garanti.ProductionEndpoint},
		Currencies:      append([]vpos.Currency(nil), garanti.DefaultCurrencies...),
		MaxInstallments: garanti.MaxInstallments,
	}
}

// ---- protocols not implemented yet (hosts from the references) ----

// env is an environment of a protocol not implemented yet. The map is
// copied: the directory's package-level host tables stay unchanged.
func env(name string, urls map[string]string) Environment {
	return Environment{Name: name, URLs: maps.Clone(urls)}
}

func posnetEnv(name string, e posnet.Endpoint) Environment {
	return Environment{Name: name, URLs: map[string]string{"api": e.API, "gate3d": e.Gate3D}, Endpoint: e}
}

func posnetService() Service {
	return Service{
		Protocol:  ProtocolPosnet,
		Supported: true,
		Modes:     []Mode{ModeRegular, Mode3D},
		Credentials: []Field{
			public("merchant_id", "merchant number (mid), 10 digits"),
			public("terminal_id", "terminal id (tid), 8 characters"),
			public("posnet_id", "POSNET id (posnetid), needed for 3-D Secure"),
			secret("enc_key", "encryption key (ENCKEY) keying the MACs, e.g. 10,10,10,10,10,10,10,10 in test"),
		},
		URLs:            []Field{urlField("api", "XML API (…/PosnetWebService/XML)"), urlField("gate3d", "3-D Secure gateway (…/3DSWebService/YKBPaymentService)")},
		Test:            posnetEnv(EnvTest, posnet.TestEndpoint),
		Production:      posnetEnv(EnvProduction, posnet.ProductionEndpoint),
		MaxInstallments: 12,
		Note:            "The bank allow-lists the merchant's static IP for test and production (respCode 0148 otherwise).",
	}
}

func posnetV1Service() Service {
	env := func(name string, e posnetv1.Endpoint) Environment {
		return Environment{Name: name, URLs: map[string]string{"api": e.API, "gate3d": e.Gate3D}, Endpoint: e}
	}
	return Service{
		Protocol:  ProtocolPosnetV1,
		Supported: true,
		Modes:     []Mode{ModeRegular, Mode3D},
		Credentials: []Field{
			public("merchant_id", "merchant number (MerchantNo), 10 digits"),
			public("terminal_id", "terminal number (TerminalNo), 8 characters"),
			public("posnet_id", "POSNET id (PosnetID), needed for 3-D Secure"),
			secret("enc_key", "encryption key (ENCKEY) keying the MACs"),
		},
		URLs:            []Field{urlField("api", "JSON API base (…/MerchantJSONAPI.svc)"), urlField("gate3d", "3-D Secure gateway (…/SecureVerification.aspx)")},
		Test:            env(EnvTest, posnetv1.TestEndpoint),
		Production:      env(EnvProduction, posnetv1.ProductionEndpoint),
		Currencies:      append([]vpos.Currency(nil), posnetv1.DefaultCurrencies...),
		MaxInstallments: posnetv1.MaxInstallments,
	}
}

func payflexURLs(e payflex.Endpoint) map[string]string {
	m := map[string]string{"api": e.VPOS, "mpi": e.MPI}
	if e.Search != "" {
		m["search"] = e.Search
	}
	if e.CPRegister != "" {
		m["common_payment"] = e.CPRegister
	}
	return m
}

func payflexService(test, prod payflex.Endpoint, modes []Mode, note string) Service {
	return Service{
		Protocol:  ProtocolPayFlex,
		Supported: true,
		Modes:     modes,
		Credentials: []Field{
			public("merchant_id", "merchant id (üye işyeri no, MerchantId / HostMerchantId)"),
			secret("password", "merchant password (Password / MerchantPassword)"),
			public("terminal_no", "terminal number (TerminalNo / HostTerminalId), e.g. VP000095"),
			{Name: "merchant_type", Optional: true, Default: "0", Values: []string{"0", "1", "2"},
				Description: "MPI merchant type: 0 standard, 1 main dealer, 2 sub dealer"},
			optional("sub_merchant_id", "", "sub-dealer's merchant id, with merchant_type 2"),
		},
		URLs: []Field{
			urlField("api", "VPOS provision and after-sales (…/Vposreq.aspx)"),
			urlField("mpi", "MPI enrollment for 3-D Secure (…/MPI_Enrollment.aspx)"),
			optionalURL("search", "transaction search (status)"),
			optionalURL("common_payment", "Common Payment RegisterTransaction (3d_pay, 3d_host)"),
		},
		Test:            Environment{Name: EnvTest, URLs: payflexURLs(test), Endpoint: test},
		Production:      Environment{Name: EnvProduction, URLs: payflexURLs(prod), Endpoint: prod},
		Currencies:      append([]vpos.Currency(nil), payflex.DefaultCurrencies...),
		MaxInstallments: payflex.MaxInstallments,
		Note:            note + " The bank allow-lists the merchant's IP (result code 1105 otherwise).",
	}
}

// payforURLs are the definition URLs of a PayFor endpoint.
func payforURLs(e payfor.Endpoint) map[string]string {
	return map[string]string{"api": e.API, "gate3d": e.Gate3D, "hosted_gate3d": e.HostedGate3D}
}

// payforService is a bank's PayFor service with the payfor package's
// predefined endpoints for bank (none for a bank the references give no
// host for: its definitions give explicit urls).
func payforService(bank, mbrID, note string) Service {
	s := Service{
		Protocol:  ProtocolPayFor,
		Supported: true,
		Modes:     []Mode{ModeRegular, Mode3D, Mode3DPay, Mode3DHost},
		Credentials: []Field{
			public("merchant_id", "merchant number (MerchantId), e.g. 085300000009704"),
			public("user_code", "API user (UserCode)"),
			secret("user_password", "API user password (UserPass)"),
			secret("merchant_pass", "store key (MerchantPass); never sent, it keys the hashes"),
			optional("mbr_id", mbrID, "institution code (MbrId): 5 QNB Finansbank, 12 Ziraat Katılım"),
		},
		URLs: []Field{
			urlField("api", "XML API (…/XMLGate.aspx)"),
			urlField("gate3d", "3-D Secure gate for 3d and 3d_pay (…/Default.aspx)"),
			optionalURL("hosted_gate3d", "3-D Secure gate for 3d_host (…/3DHost.aspx)"),
		},
		Test:            Environment{Name: EnvTest},
		Production:      Environment{Name: EnvProduction},
		Currencies:      payfor.DefaultCurrencies(),
		MaxInstallments: payfor.MaxInstallments,
		Note:            note,
	}
	if e, ok := payfor.EndpointFor(bank, true); ok {
		s.Test = Environment{Name: EnvTest, URLs: payforURLs(e), Endpoint: e}
	}
	if e, ok := payfor.EndpointFor(bank, false); ok {
		s.Production = Environment{Name: EnvProduction, URLs: payforURLs(e), Endpoint: e}
	}
	return s
}

func interposService() Service {
	hosts := func(host string) map[string]string {
		return map[string]string{
			"api":           "https://" + host + "/mpi/Default.aspx",
			"gate3d":        "https://" + host + "/mpi/Default.aspx",
			"hosted_gate3d": "https://" + host + "/mpi/3DHost.aspx",
		}
	}
	return Service{
		Protocol: ProtocolInterPOS,
		Modes:    []Mode{ModeRegular, Mode3D, Mode3DPay, Mode3DHost},
		Credentials: []Field{
			public("shop_code", "shop number (ShopCode)"),
			public("user_code", "API user (UserCode)"),
			secret("user_pass", "API password (UserPass)"),
			secret("merchant_pass", "hash key (MerchantPass); never sent"),
		},
		URLs: []Field{
			urlField("api", "API (…/mpi/Default.aspx)"),
			urlField("gate3d", "3-D Secure gate for 3d and 3d_pay (…/mpi/Default.aspx)"),
			optionalURL("hosted_gate3d", "3-D Secure gate for 3d_host (…/mpi/3DHost.aspx)"),
		},
		Test:            env(EnvTest, hosts("test.inter-vpos.com.tr")),
		Production:      env(EnvProduction, hosts("inter-vpos.com.tr")),
		MaxInstallments: 12,
		Note:            "The test environment, too, requires the caller's IP to be allow-listed by Denizbank.",
	}
}

var (
	kuveytTurkTest = map[string]string{
		"api":       "https://boatest.kuveytturk.com.tr/boa.virtualpos.services/Home/Non3DPayGate",
		"gate3d":    "https://boatest.kuveytturk.com.tr/boa.virtualpos.services/Home/ThreeDModelPayGate",
		"provision": "https://boatest.kuveytturk.com.tr/boa.virtualpos.services/Home/ThreeDModelProvisionGate",
		"soap":      "https://boatest.kuveytturk.com.tr/BOA.Integration.WCFService/BOA.Integration.VirtualPos/VirtualPosService.svc/Basic",
	}
	kuveytTurkProd = map[string]string{
		"api":       "https://sanalpos.kuveytturk.com.tr/ServiceGateWay/Home/Non3DPayGate",
		"gate3d":    "https://sanalpos.kuveytturk.com.tr/ServiceGateWay/Home/ThreeDModelPayGate",
		"provision": "https://sanalpos.kuveytturk.com.tr/ServiceGateWay/Home/ThreeDModelProvisionGate",
		"soap":      "https://boa.kuveytturk.com.tr/BOA.Integration.WCFService/BOA.Integration.VirtualPos/VirtualPosService.svc/Basic",
	}
	vakifKatilimHosts = map[string]string{
		"api":           "https://boa.vakifkatilim.com.tr/VirtualPOS.Gateway/Home/Non3DPayGate",
		"gate3d":        "https://boa.vakifkatilim.com.tr/VirtualPOS.Gateway/Home/ThreeDModelPayGate",
		"provision":     "https://boa.vakifkatilim.com.tr/VirtualPOS.Gateway/Home/ThreeDModelProvisionGate",
		"hosted_gate3d": "https://boa.vakifkatilim.com.tr/VirtualPOS.Gateway/CommonPaymentPage/CommonPaymentPage",
	}
)

func kuveytService(test, prod map[string]string, modes []Mode, note string) Service {
	return Service{
		Protocol: ProtocolKuveyt,
		Modes:    modes,
		Credentials: []Field{
			public("customer_id", "customer number (müşteri no, CustomerId)"),
			public("merchant_id", "store number (mağaza no, MerchantId)"),
			public("user_name", "API user name (UserName)"),
			secret("password", "API user password; never sent in clear, it keys HashData"),
		},
		URLs: []Field{
			urlField("api", "non-3-D Secure payment gate (…/Home/Non3DPayGate)"),
			urlField("gate3d", "3-D Secure step 1 (…/Home/ThreeDModelPayGate)"),
			urlField("provision", "3-D Secure provision (…/Home/ThreeDModelProvisionGate)"),
			optionalURL("soap", "cancel, refund and status service (…/VirtualPosService.svc/Basic)"),
			optionalURL("hosted_gate3d", "common payment page (3d_host)"),
		},
		Test:            env(EnvTest, test),
		Production:      env(EnvProduction, prod),
		MaxInstallments: 12,
		Note:            note,
	}
}

func akbankService() Service {
	return Service{
		Protocol: ProtocolAkbank,
		Modes:    []Mode{ModeRegular, Mode3D, Mode3DPay, Mode3DHost},
		Credentials: []Field{
			public("merchant_safe_id", "merchant safe id (merchantSafeId), 32 characters"),
			public("terminal_safe_id", "terminal safe id (terminalSafeId), 32 characters"),
			secret("secret_key", "secret key (güvenlik anahtarı) keying the HMACs, used as is"),
			optional("sub_merchant_id", "", "sub-merchant id (subMerchantId)"),
		},
		URLs: []Field{
			urlField("api", "JSON API base (…/api/v1/payment/virtualpos)"),
			urlField("gate3d", "3-D Secure gate for 3d and 3d_pay (…/securepay)"),
			optionalURL("hosted_gate3d", "hosted payment page (…/payhosting)"),
		},
		Test: env(EnvTest, map[string]string{
			"api":           "https://apipre.akbank.com/api/v1/payment/virtualpos",
			"gate3d":        "https://virtualpospaymentgatewaypre.akbank.com/securepay",
			"hosted_gate3d": "https://virtualpospaymentgatewaypre.akbank.com/payhosting",
		}),
		Production: env(EnvProduction, map[string]string{
			"api":           "https://api.akbank.com/api/v1/payment/virtualpos",
			"gate3d":        "https://virtualpospaymentgateway.akbank.com/securepay",
			"hosted_gate3d": "https://virtualpospaymentgateway.akbank.com/payhosting",
		}),
		MaxInstallments: 12,
		Note:            "Akbank's newer JSON API (AkbankPOS); 3d_host is its 3D_PAY_HOSTING payment model.",
	}
}

func toslaService() Service {
	return Service{
		Protocol: ProtocolTosla,
		Modes:    []Mode{ModeRegular, Mode3DPay, Mode3DHost},
		Credentials: []Field{
			public("client_id", "merchant id (clientId)"),
			public("api_user", "API user (apiUser)"),
			secret("api_pass", "API password; never sent, it keys the request hash"),
		},
		URLs:            []Field{urlField("api", "JSON API base (…/api/Payment)")},
		Test:            env(EnvTest, map[string]string{"api": "https://prepentegrasyon.tosla.com/api/Payment"}),
		Production:      env(EnvProduction, map[string]string{"api": "https://entegrasyon.tosla.com/api/Payment"}),
		MaxInstallments: 12,
		Note:            "Tosla has no 3d (merchant provision) model.",
	}
}

func paramService() Service {
	return Service{
		Protocol: ProtocolParam,
		Modes:    []Mode{ModeRegular, Mode3D, Mode3DPay, Mode3DHost},
		Credentials: []Field{
			public("client_code", "terminal number (CLIENT_CODE)"),
			public("client_username", "web-service user (CLIENT_USERNAME)"),
			secret("client_password", "web-service password (CLIENT_PASSWORD)"),
			secret("guid", "merchant key (GUID, üye işyeri anahtarı); keep its case as issued"),
		},
		URLs: []Field{
			urlField("api", "TurkPOS SOAP service (…/turkpos.ws/service_turkpos_*.asmx)"),
			optionalURL("hosted_api", "3D Host registration service (…/to.ws/Service_Odeme.asmx)"),
			optionalURL("hosted_gate3d", "3D Host payment page"),
		},
		Test: env(EnvTest, map[string]string{
			"api":           "https://test-dmz.param.com.tr/turkpos.ws/service_turkpos_test.asmx",
			"hosted_api":    "https://test-pos.param.com.tr/to.ws/Service_Odeme.asmx",
			"hosted_gate3d": "https://test-pos.param.com.tr/default.aspx",
		}),
		Production: env(EnvProduction, map[string]string{
			"api":           "https://posws.param.com.tr/turkpos.ws/service_turkpos_prod.asmx",
			"hosted_api":    "https://pos.param.com.tr/Tahsilat/to.ws/Service_Odeme.asmx",
			"hosted_gate3d": "https://pos.param.com.tr/Tahsilat/Default.aspx",
		}),
		MaxInstallments: 12,
		Note:            "A payment institution routing to several acquiring banks.",
	}
}
