package posnet

// Endpoint is where Yapı Kredi's POSNET lives: the XML API (all
// server-to-server calls) and the 3-D Secure gate (YKBPaymentService) the
// shopper's browser posts to. TestEndpoint and ProductionEndpoint are
// posnet.md §1's hosts; a Config may carry explicit URLs (a fake bank).
type Endpoint struct {
	// API is the absolute URL the xmldata form is posted to (…/PosnetWebService/XML).
	API string
	// Gate3D is the absolute URL of the 3-D Secure gate
	// (…/3DSWebService/YKBPaymentService).
	Gate3D string
	// Test is true for the test environment (informational: POSNET has no
	// mode field; the host decides).
	Test bool
}

// The endpoints of posnet.md §1.
var (
	// TestEndpoint is Yapı Kredi's test environment (setmpos.ykb.com).
	TestEndpoint = Endpoint{
		API:    "https://setmpos.ykb.com/PosnetWebService/XML",
		Gate3D: "https://setmpos.ykb.com/3DSWebService/YKBPaymentService",
		Test:   true,
	}
	// ProductionEndpoint is Yapı Kredi's production service
	// (posnet.yapikredi.com.tr).
	ProductionEndpoint = Endpoint{
		API:    "https://posnet.yapikredi.com.tr/PosnetWebService/XML",
		Gate3D: "https://posnet.yapikredi.com.tr/3DSWebService/YKBPaymentService",
	}
)
