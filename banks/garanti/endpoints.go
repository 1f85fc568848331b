package garanti

// Endpoint is where Garanti BBVA's virtual POS lives: the XML API
// (VPServlet) and the 3-D Secure gate (gt3dengine). TestEndpoint and
// ProductionEndpoint are garanti.md §1's hosts; a Config may also carry an
// explicit Endpoint (a fake bank's URLs, a new host) with API and Gate3D set.
type Endpoint struct {
	// Test is true for the test environment. It selects the GVPSRequest
	// Mode and the 3-D Secure form's mode field: "TEST" when true, "PROD"
	// otherwise.
	Test bool
	// API is the absolute URL the GVPSRequest XML is posted to (…/VPServlet).
	API string
	// Gate3D is the absolute URL of the 3-D Secure gate
	// (…/servlet/gt3dengine) the shopper's browser posts the Begin3D form to.
	Gate3D string
}

// The endpoints of garanti.md §1.
var (
	// TestEndpoint is the current test environment
	// (sanalposprovtest.garantibbva.com.tr), where the public test terminal
	// of garanti.md §8 lives.
	TestEndpoint = Endpoint{
		Test:   true,
		API:    "https://sanalposprovtest.garantibbva.com.tr/VPServlet",
		Gate3D: "https://sanalposprovtest.garantibbva.com.tr/servlet/gt3dengine",
	}
	// LegacyTestEndpoint is the older test host (sanalposprovtest.garanti.com.tr)
	// some integrations still use; prefer TestEndpoint.
	LegacyTestEndpoint = Endpoint{
		Test:   true,
		API:    "https://sanalposprovtest.garanti.com.tr/VPServlet",
		Gate3D: "https://sanalposprovtest.garanti.com.tr/servlet/gt3dengine",
	}
	// ProductionEndpoint is the production service (sanalposprov.garanti.com.tr).
	ProductionEndpoint = Endpoint{
		API:    "https://sanalposprov.garanti.com.tr/VPServlet",
		Gate3D: "https://sanalposprov.garanti.com.tr/servlet/gt3dengine",
	}
)

// mode returns the GVPSRequest Mode / form mode of the endpoint.
func (e Endpoint) mode() string {
	if e.Test {
		return "TEST"
	}
	return "PROD"
}
