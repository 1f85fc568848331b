package httpx

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"time"
)

// NewHTTPClient returns a pooled *http.Client for talking to banks:
// keep-alive connections (up to 16 idle per host, closed after 90s idle),
// TLS 1.2 or later, HTTP/2 when the server offers it, no proxy (library code
// never reads the environment) and no redirect following (a 3xx reply is
// returned as it is; a bank API that redirects a payment is misconfigured).
// A non-empty sourceIP binds outgoing connections to that local address, for
// banks that allow-list the merchant's static IP; an address that does not
// parse is an error naming it.
func NewHTTPClient(sourceIP string) (*http.Client, error) {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if sourceIP != "" {
		addr, err := netip.ParseAddr(sourceIP)
		if err != nil {
			return nil, fmt.Errorf("httpx: invalid source IP %q: %w", sourceIP, err)
		}
		// A v4 source only reaches v4 destinations: net.Dialer skips the
		// resolved addresses of the other family.
		dialer.LocalAddr = net.TCPAddrFromAddrPort(netip.AddrPortFrom(addr.Unmap(), 0))
	}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
	}
	return &http.Client{
		Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}, nil
}
